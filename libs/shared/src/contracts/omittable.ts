import { ValidateIf, ValidationOptions } from 'class-validator';

// A field that may be left out. class-validator's IsOptional also skips a field's rules when it
// is null, so a null where the contract has no null slipped through unchecked (a stock row's
// `quantity: null` was read as 0). Omittable skips only a field that is absent; a null is checked
// like any other value and refused by the field's type rule. Fields that may be null keep
// IsOptional (their type says `| null`).
export function Omittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined, options);
}
