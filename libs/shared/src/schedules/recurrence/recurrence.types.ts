export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface CronRecurrence {
  kind: 'cron';
  expression: string;
  timeZone: string;
}

export interface WindowRecurrence {
  kind: 'window';
  weekdays: Weekday[];
  startTime: string;
  endTime: string;
  everyMinutes: number;
  timeZone: string;
}

export type Recurrence = CronRecurrence | WindowRecurrence;

export interface RecurrenceError {
  field: string;
  message: string;
}

export type RecurrenceValidation =
  { ok: true; value: Recurrence } | { ok: false; errors: RecurrenceError[] };

// Thrown when a recurrence that does not validate reaches the occurrence functions; callers are
// expected to run validateRecurrence on input first.
export class InvalidRecurrence extends Error {
  readonly code = 'INVALID_RECURRENCE';

  constructor(readonly errors: RecurrenceError[]) {
    super(`invalid recurrence: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
    this.name = 'InvalidRecurrence';
  }
}
