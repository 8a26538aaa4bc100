import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { DomainError, ERROR_CODES, ErrorCode } from '@shopsync/shared';

// Every code has its status: a code added to ERROR_CODES does not compile until it is mapped
// here. The 422s are failures the request could not get past (a task not built yet, a
// document Shopify refused).
export const DOMAIN_ERROR_STATUS: Record<ErrorCode, number> = {
  [ERROR_CODES.validation]: HttpStatus.BAD_REQUEST,
  [ERROR_CODES.unauthenticated]: HttpStatus.UNAUTHORIZED,
  [ERROR_CODES.forbidden]: HttpStatus.FORBIDDEN,
  [ERROR_CODES.unknownTask]: HttpStatus.BAD_REQUEST,
  [ERROR_CODES.shopNotFound]: HttpStatus.NOT_FOUND,
  [ERROR_CODES.apiKeyNotFound]: HttpStatus.NOT_FOUND,
  [ERROR_CODES.jobNotFound]: HttpStatus.NOT_FOUND,
  [ERROR_CODES.scheduleNotFound]: HttpStatus.NOT_FOUND,
  [ERROR_CODES.scheduleConflict]: HttpStatus.CONFLICT,
  [ERROR_CODES.salesOrderNotFound]: HttpStatus.NOT_FOUND,
  [ERROR_CODES.salesOrderNoConflict]: HttpStatus.CONFLICT,
  [ERROR_CODES.notificationNotFound]: HttpStatus.NOT_FOUND,
  [ERROR_CODES.notificationLimit]: HttpStatus.CONFLICT,
  [ERROR_CODES.shopExists]: HttpStatus.CONFLICT,
  [ERROR_CODES.jobConflict]: HttpStatus.CONFLICT,
  [ERROR_CODES.shopDisabled]: HttpStatus.CONFLICT,
  [ERROR_CODES.shopifyUnauthorized]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.shopifyUnavailable]: HttpStatus.BAD_GATEWAY,
  [ERROR_CODES.shopifyThrottled]: HttpStatus.SERVICE_UNAVAILABLE,
  [ERROR_CODES.webhookUnverified]: HttpStatus.UNAUTHORIZED,
  [ERROR_CODES.tooManyStreams]: HttpStatus.TOO_MANY_REQUESTS,
  [ERROR_CODES.credentialsUnreadable]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ERROR_CODES.notImplemented]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.contractViolation]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.outboxUnpublishable]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.leaseLost]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.cancelled]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.shopifyQueryFailed]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.shopifyScopeMissing]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.shopifyCredentialsMissing]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.shopDomainRefused]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.workerLost]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.timeout]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.expired]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ERROR_CODES.unsupportedMediaType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ERROR_CODES.bodyTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ERROR_CODES.internal]: HttpStatus.UNPROCESSABLE_ENTITY,
};

// Errors raised by Express and its middleware (http-errors) say when the request is at fault:
// a 4xx with `expose` set. Those stay 4xx; anything else is ours, a 500.
function clientErrorStatus(exception: unknown): number | undefined {
  if (exception === null || typeof exception !== 'object') return undefined;
  const { status, statusCode, expose } = exception as Record<string, unknown>;
  const code = typeof status === 'number' ? status : statusCode;
  return expose === true && typeof code === 'number' && code >= 400 && code < 500
    ? code
    : undefined;
}

// The one place where domain codes become HTTP statuses. A 500 carries an error id that is in
// the log, and nothing of the internals.
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    // A code from outside ERROR_CODES (cast in) is ours to fix: a 500 below, not a guess.
    const status =
      exception instanceof DomainError ? DOMAIN_ERROR_STATUS[exception.code] : undefined;
    if (exception instanceof DomainError && status !== undefined) {
      if (status === HttpStatus.UNAUTHORIZED) res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(status).json({
        statusCode: status,
        code: exception.code,
        message: exception.message,
        errors: exception.details,
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message =
        typeof body === 'string'
          ? body
          : ((body as { message?: unknown }).message ?? exception.message);
      res.status(status).json({
        statusCode: status,
        code: `HTTP_${status}`,
        message: Array.isArray(message) ? message.join('; ') : message,
      });
      return;
    }
    const clientStatus = clientErrorStatus(exception);
    if (clientStatus) {
      res.status(clientStatus).json({
        statusCode: clientStatus,
        code: `HTTP_${clientStatus}`,
        message: (exception as Error).message || 'the request could not be read',
      });
      return;
    }
    const errorId = randomUUID();
    this.logger.error({
      msg: 'unhandled error',
      errorId,
      error:
        exception instanceof Error
          ? { name: exception.name, message: exception.message, stack: exception.stack }
          : String(exception),
    });
    res
      .status(500)
      .json({ statusCode: 500, code: ERROR_CODES.internal, message: 'internal error', errorId });
  }
}
