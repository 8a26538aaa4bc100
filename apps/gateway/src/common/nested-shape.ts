import { getMetadataStorage, ValidationError, ValidationTypes } from 'class-validator';

// class-validator lets an array stand where @ValidateNested expects an object (it validates the
// array's members instead), so `items: [[]]` passed as an item with no fields at all. This finds
// every such array, from the DTOs' own metadata, for every DTO at once.
export function nestedShapeErrors(instance: unknown, path = ''): ValidationError[] {
  if (instance === null || typeof instance !== 'object' || Array.isArray(instance)) return [];
  const out: ValidationError[] = [];
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(instance.constructor, '', true, false)
    .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
  const seen = new Set<string>();
  for (const { propertyName, each } of metadata) {
    if (seen.has(propertyName)) continue;
    seen.add(propertyName);
    const value = (instance as Record<string, unknown>)[propertyName];
    const field = path ? `${path}.${propertyName}` : propertyName;
    if (!Array.isArray(value)) {
      out.push(...nestedShapeErrors(value, field));
    } else if (!each) {
      out.push(shapeError(field, 'must be an object, not an array'));
    } else {
      value.forEach((member: unknown, i) => {
        if (Array.isArray(member))
          out.push(shapeError(`${field}[${i}]`, 'must be an object, not an array'));
        else out.push(...nestedShapeErrors(member, `${field}[${i}]`));
      });
    }
  }
  return out;
}

function shapeError(field: string, message: string): ValidationError {
  const error = new ValidationError();
  error.property = field;
  error.constraints = { nestedShape: message };
  error.children = [];
  return error;
}
