import { DomainError, ERROR_CODES } from '@shopsync/shared';

export class Unauthenticated extends DomainError {
  constructor(message: string) {
    super(ERROR_CODES.unauthenticated, message);
  }
}

export class AccessDenied extends DomainError {
  constructor(message: string) {
    super(ERROR_CODES.forbidden, message);
  }
}
