import { ValidateBy, ValidationOptions } from 'class-validator';

// A variable that must stay below another one (a heartbeat below the lease it renews). The other
// variable's default stands in when it is not set, so the rule holds for the values the app uses;
// the failure lands in loadEnv's list of bad variables with the others.
export function ShorterThan(
  other: string,
  otherDefault: number,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'shorterThan',
      constraints: [other, otherDefault],
      validator: {
        validate: (value, args) => {
          const limit = (args?.object as Record<string, unknown>)[other] ?? otherDefault;
          return typeof value !== 'number' || typeof limit !== 'number' || value < limit;
        },
        defaultMessage: (args) => {
          const set = (args?.object as Record<string, unknown>)[other];
          const limit = set ?? `${otherDefault}, its default`;
          return `must be shorter than ${other} (${limit})`;
        },
      },
    },
    options,
  );
}
