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
    for (const message of Object.values(e.constraints ?? {})) out.push({ field, message });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
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
