import { calendarDayExists } from '@shopsync/shared';
import { ValidateBy, ValidationOptions } from 'class-validator';

// An instant needs its offset: a bare local time would depend on the server's zone.
export const INSTANT =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
export const INSTANT_MESSAGE =
  'must be an ISO 8601 date-time with an offset, such as 2026-05-01T08:00:00+02:00 or 2026-05-01T06:00:00Z';

export function isInstant(value: unknown): boolean {
  return typeof value === 'string' && INSTANT.test(value) && calendarDayExists(value);
}

// An instant on a day the calendar has (2026-02-30 is refused, not read as March 2nd).
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: { validate: isInstant, defaultMessage: () => INSTANT_MESSAGE },
    },
    options,
  );
}
