import { DomainError, ERROR_CODES } from '@shopsync/shared';

export class SalesOrderNotFound extends DomainError {
  constructor(id: string) {
    super(ERROR_CODES.salesOrderNotFound, `sales document '${id}' does not exist`);
  }
}

export class SalesOrderHasNoConflict extends DomainError {
  constructor(id: string) {
    super(
      ERROR_CODES.salesOrderNoConflict,
      `sales document '${id}' has no conflict to acknowledge`,
    );
  }
}
