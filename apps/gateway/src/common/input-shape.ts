import type { FieldError } from '@shopsync/shared';

// No stored input needs more; deeper bodies are refused before a recursive step (class-transformer,
// the validators, JSON columns) could overflow the stack.
export const MAX_JSON_DEPTH = 64;

const NUL_MESSAGE = 'must not contain a NUL character (U+0000)';

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

// The first problem in a decoded request part (body, query, path), walked iteratively so depth
// itself cannot overflow: nesting deeper than MAX_JSON_DEPTH, or a NUL in any string or key.
// Field paths read as the validation errors do (`items[0].title`); `root` names the part itself.
export function firstInputProblem(
  value: unknown,
  root: string,
  maxDepth = MAX_JSON_DEPTH,
): FieldError | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value, path: '', depth: 0 },
  ];
  while (stack.length) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    const field = item.path || root;
    if (typeof item.value === 'string') {
      if (item.value.includes('\u0000')) return { field, message: NUL_MESSAGE };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= maxDepth)
      return { field: root, message: `nested deeper than ${maxDepth} levels` };
    if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--)
        stack.push({ value: item.value[i], path: join(item.path, i), depth: item.depth + 1 });
      continue;
    }
    const entries = Object.entries(item.value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (key.includes('\u0000'))
        return {
          field: join(item.path, key.split('\u0000').join('\\u0000')),
          message: NUL_MESSAGE,
        };
      stack.push({ value: child, path: join(item.path, key), depth: item.depth + 1 });
    }
  }
  return undefined;
}
