import { registerDecorator, ValidationOptions } from 'class-validator';

export interface JsonBounds {
  maxBytes: number;
  maxDepth: number;
}

// Free-form JSON that is stored and travels on Kafka (job params, shop settings) is bounded at
// the edge: an accepted request must never make a message the broker refuses (about 1 MB).
export const PARAMS_BOUNDS: JsonBounds = { maxBytes: 16_384, maxDepth: 8 };
export const SETTINGS_BOUNDS: JsonBounds = { maxBytes: 16_384, maxDepth: 8 };

export function describeBounds(bounds: JsonBounds): string {
  return `must be at most ${bounds.maxBytes} bytes of JSON and ${bounds.maxDepth} levels deep`;
}

// Nesting of objects and arrays, the outermost counting as 1; stops looking past `limit`, so a
// hostile value costs no more than the limit.
export function jsonDepthExceeds(value: unknown, limit: number, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth + 1 > limit) return true;
  const children = Array.isArray(value) ? value : Object.values(value as object);
  return children.some((child) => jsonDepthExceeds(child, limit, depth + 1));
}

export function jsonWithinBounds(value: unknown, bounds: JsonBounds): boolean {
  if (value === undefined || value === null) return true;
  if (jsonDepthExceeds(value, bounds.maxDepth)) return false;
  const text = JSON.stringify(value);
  return text === undefined || Buffer.byteLength(text, 'utf8') <= bounds.maxBytes;
}

// class-validator decorator; the 400 reads `params: must be at most 16384 bytes of JSON and 8
// levels deep` (the field is named by whoever flattens the errors).
export function IsBoundedJson(bounds: JsonBounds, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isBoundedJson',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [bounds],
      options: { message: describeBounds(bounds), ...options },
      validator: { validate: (value: unknown) => jsonWithinBounds(value, bounds) },
    });
}
