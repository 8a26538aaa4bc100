// Domain exceptions carry a code; the gateway maps codes to HTTP in one filter, the worker maps
// them to retry / fail / DLQ. Nothing here knows about HTTP.
export type ErrorKind = 'transient' | 'permanent';

export const ERROR_CODES = {
  validation: 'VALIDATION_FAILED',
  shopNotFound: 'SHOP_NOT_FOUND',
  shopExists: 'SHOP_EXISTS',
  shopDisabled: 'SHOP_DISABLED',
  jobNotFound: 'JOB_NOT_FOUND',
  jobConflict: 'JOB_CONFLICT',
  scheduleNotFound: 'SCHEDULE_NOT_FOUND',
  scheduleConflict: 'SCHEDULE_CONFLICT',
  salesOrderNotFound: 'SALES_ORDER_NOT_FOUND',
  // Acknowledging the conflict of a sales document that has none.
  salesOrderNoConflict: 'SALES_ORDER_NO_CONFLICT',
  notificationNotFound: 'NOTIFICATION_NOT_FOUND',
  // A shop has as many notification endpoints as it may.
  notificationLimit: 'NOTIFICATION_LIMIT_REACHED',
  unknownTask: 'UNKNOWN_TASK',
  notImplemented: 'TASK_NOT_IMPLEMENTED',
  contractViolation: 'CONTRACT_VIOLATION',
  outboxUnpublishable: 'OUTBOX_UNPUBLISHABLE',
  leaseLost: 'LEASE_LOST',
  // The job's worker stopped heartbeating (its lease expired) and no attempts were left.
  workerLost: 'WORKER_LOST',
  cancelled: 'JOB_CANCELLED',
  // A run went past its timeout (timeoutSeconds, else settings.timeouts.<task>): retryable.
  timeout: 'TIMEOUT',
  // A delayed job still not started at its expiresAt.
  expired: 'JOB_EXPIRED',
  shopifyThrottled: 'SHOPIFY_THROTTLED',
  shopifyUnavailable: 'SHOPIFY_UNAVAILABLE',
  shopifyUnauthorized: 'SHOPIFY_UNAUTHORIZED',
  shopifyQueryFailed: 'SHOPIFY_QUERY_FAILED',
  // The app's installation lacks an access scope the task needs.
  shopifyScopeMissing: 'SHOPIFY_SCOPE_MISSING',
  shopifyCredentialsMissing: 'SHOPIFY_CREDENTIALS_MISSING',
  shopDomainRefused: 'SHOP_DOMAIN_REFUSED',
  credentialsUnreadable: 'CREDENTIALS_UNREADABLE',
  webhookUnverified: 'WEBHOOK_UNVERIFIED',
  tooManyStreams: 'TOO_MANY_STREAMS',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  bodyTooLarge: 'BODY_TOO_LARGE',
  apiKeyNotFound: 'API_KEY_NOT_FOUND',
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly kind: ErrorKind = 'permanent',
    readonly details?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  constructor(details: FieldError[], message = 'the request is not valid') {
    super(
      ERROR_CODES.validation,
      `${message}: ${formatFieldErrors(details)}`,
      'permanent',
      details,
    );
  }
}

export class ShopNotFound extends DomainError {
  constructor(code: string) {
    super(ERROR_CODES.shopNotFound, `shop '${code}' does not exist`);
  }
}

export class JobNotFound extends DomainError {
  constructor(id: string) {
    super(ERROR_CODES.jobNotFound, `job '${id}' does not exist`);
  }
}

export class TaskNotImplemented extends DomainError {
  constructor(task: string) {
    super(ERROR_CODES.notImplemented, `task '${task}' is not implemented yet`);
  }
}

export class ContractViolation extends DomainError {
  constructor(contract: string, details: FieldError[]) {
    super(
      ERROR_CODES.contractViolation,
      `message is not a valid ${contract}: ${formatFieldErrors(details)}`,
      'permanent',
      details,
    );
  }
}

export function formatFieldErrors(details: FieldError[]): string {
  return details.map((d) => `${d.field}: ${d.message}`).join('; ');
}

// Anything that is not a DomainError (a network reset, a driver error) is treated as transient:
// retrying is safe because every effect is idempotent.
// An error's message with its cause's: a network failure from fetch says only "fetch failed" or
// "terminated", and its cause (the socket's error: "other side closed", ECONNRESET) is what tells
// an operator where it broke. A DomainError's message is already written for people.
export function messageWithCause(error: unknown): string {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : JSON.stringify(error);
  const message = error.message || error.name;
  const cause = error instanceof DomainError ? undefined : error.cause;
  if (!(cause instanceof Error) || !cause.message || cause.message === message) return message;
  const code = (cause as { code?: unknown }).code;
  return `${message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
}

// Handlers loaded from a module may mark an error with `kind` instead of subclassing.
export function errorKind(error: unknown): ErrorKind {
  if (error instanceof DomainError) return error.kind;
  const kind = (error as { kind?: unknown } | null)?.kind;
  return kind === 'permanent' ? 'permanent' : 'transient';
}
