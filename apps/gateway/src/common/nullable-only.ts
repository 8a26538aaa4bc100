import { ValidationError } from 'class-validator';

const NULLABLE = Symbol('nullableOnly');

// On a patch DTO: @IsOptional lets `null` through like a missing field, but a service applies a
// patch with `!== undefined`, so null would be written into a required column. With this, null
// is accepted only by the fields named (where it clears the value) and refused on all others.
export function NullableOnly(...fields: string[]): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(NULLABLE, new Set(fields), target);
  };
}

export function nullFieldErrors(instance: unknown): ValidationError[] {
  if (instance === null || typeof instance !== 'object') return [];
  const allowed = Reflect.getMetadata(NULLABLE, instance.constructor) as Set<string> | undefined;
  if (!allowed) return [];
  return Object.entries(instance)
    .filter(([field, value]) => value === null && !allowed.has(field))
    .map(([field]) => {
      const error = new ValidationError();
      error.property = field;
      error.constraints = { notNull: 'must not be null (leave the field out to keep its value)' };
      error.children = [];
      return error;
    });
}
