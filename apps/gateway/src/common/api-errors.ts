import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'task', description: 'the field, dotted for nested ones' })
  field: string;

  @ApiProperty({ example: 'must be one of products, inventory, …' })
  message: string;
}

// The one error body of the API (DomainExceptionFilter, body parsing, the throttler).
export class ErrorBodyDto {
  @ApiProperty({ example: 400, description: 'the HTTP status again' })
  statusCode: number;

  @ApiProperty({
    example: 'VALIDATION_FAILED',
    description: 'stable, machine-readable: a domain code, or HTTP_<status>',
  })
  code: string;

  @ApiProperty({ example: 'the request is not valid: task: must be one of …' })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'the fields at fault (400)' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'only on a 500: the id under which the error is logged',
  })
  errorId?: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503;

const DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'a field is wrong (named in `errors`); nothing changed',
  401: 'no API key, or one that is not valid, expired or revoked',
  403: 'the key lacks the scope the route needs, or may not act on this shop',
  404: 'not found (see `code`)',
  409: 'in conflict with the current state (see `code`); nothing changed',
  413: 'the body is larger than GATEWAY_BODY_LIMIT',
  415: 'not JSON in UTF-8, or a content encoding that is not supported',
  422: 'Shopify refused the credentials or the request (see `code`); nothing changed',
  429: 'too many requests for this API key (API_RATE_LIMIT_PER_MINUTE)',
  502: 'Shopify could not be reached',
  503: 'Shopify throttled the request: try again later',
};

// Error answers, each with the shared error body; `[status, description]` says what this route
// means by it.
export function ApiErrors(
  ...statuses: Array<ErrorStatus | readonly [ErrorStatus, string]>
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorBodyDto),
    ...statuses.map((s) => {
      const [status, description] = typeof s === 'number' ? [s, DESCRIPTIONS[s]] : s;
      return ApiResponse({ status, description, type: ErrorBodyDto });
    }),
  );
}

// What any route behind an API key may answer.
export const ApiKeyErrors = () => ApiErrors(401, 403, 429);
// What a route reading a JSON body may answer besides.
export const ApiBodyErrors = () => ApiErrors(400, 413, 415);
