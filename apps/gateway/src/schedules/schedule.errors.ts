import { DomainError, ERROR_CODES } from '@shopsync/shared';

export class ScheduleNotFound extends DomainError {
  constructor(id: string) {
    super(ERROR_CODES.scheduleNotFound, `schedule '${id}' does not exist`);
  }
}

export class ScheduleConflict extends DomainError {
  constructor(id: string) {
    super(
      ERROR_CODES.scheduleConflict,
      `schedule '${id}' kept changing while it was being updated; try again`,
    );
  }
}
