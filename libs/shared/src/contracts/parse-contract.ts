import { plainToInstance, ClassConstructor } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { ContractViolation, FieldError } from '../domain/errors';
import { cacheValidationMetadata } from './validation-metadata-cache';

// Every app loads this module (through @shopsync/shared) before it validates anything.
cacheValidationMetadata();

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    // Array members read as `items[12].price`.
    const field = !prefix
      ? e.property
      : /^\d+$/.test(e.property)
        ? `${prefix}[${e.property}]`
        : `${prefix}.${e.property}`;
    for (const message of fieldMessages(e)) out.push({ field, message });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  // A field refused as null by two checks (a rule and a patch's null check) reads once.
  const nulls = new Set<string>();
  return out.filter((f) => {
    if (!f.message.startsWith('must not be null')) return true;
    if (nulls.has(f.field)) return false;
    nulls.add(f.field);
    return true;
  });
}

// The checks that a value's type is wrong: when one fails, the field's other checks (range,
// length, pattern) only repeat it in other words.
const TYPE_CHECKS = new Set([
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'isDate',
]);

// One message per field where one says it: null is "must not be null" (not every rule the
// field has, "must be an integer", "must not be less than 1", …), a value of the wrong type is
// its type's message alone, and a missing field keeps only the messages written for it (a
// rule's own wording, "must be one of …"), else reads "must be given" (not "must be a string",
// "must be longer than …"); otherwise every rule that failed.
function fieldMessages(e: ValidationError): string[] {
  const constraints = Object.entries(e.constraints ?? {});
  if (!constraints.length) return [];
  if (e.value === null) return ['must not be null'];
  if (e.value === undefined) {
    const written = constraints
      .map(([, message]) => message)
      .filter((message) => !isDefaultMessage(message, e.property));
    return written.length ? written : ['must be given'];
  }
  const typed = constraints.filter(([rule]) => TYPE_CHECKS.has(rule));
  return (typed.length ? typed : constraints).map(([, message]) => message);
}

// class-validator's default messages name the property first ("options must contain at least
// 1 elements", "each value in options must be a string"); the project's own start with "must".
function isDefaultMessage(message: string, property: string): boolean {
  return message.startsWith(`${property} `) || message.startsWith(`each value in ${property} `);
}

// Validates a decoded message against its contract class; throws ContractViolation naming
// every bad field, so the consumer can send the message to the DLQ with the reason.
export async function parseContract<T extends object>(
  cls: ClassConstructor<T>,
  raw: unknown,
): Promise<T> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ContractViolation(cls.name, [{ field: '(root)', message: 'must be a JSON object' }]);
  }
  const instance = plainToInstance(cls, raw);
  const errors = await validate(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length) throw new ContractViolation(cls.name, flattenValidationErrors(errors));
  return instance;
}
