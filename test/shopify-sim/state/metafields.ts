import { createHash } from 'node:crypto';
import { gid } from '../gid';
import { MetafieldRecord } from './records';
import { ShopState } from './shop-state';

// Metafields of the owners the simulator models (orders and products): Shopify's checks on a
// namespace, key, type and value, shared by metafieldsSet and productSet's `metafields`.

export interface MetafieldWrite {
  namespace?: string | null;
  key: string;
  value: string;
  type?: string | null;
  compareDigest?: string | null;
}

export interface MetafieldProblem {
  field: 'namespace' | 'key' | 'type' | 'value' | 'compareDigest';
  message: string;
  code: string;
}

// The app's own namespace when none is given ($app → app--<app id>).
const APP_NAMESPACE = 'app--sim';

export function metafieldDigest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function namespaceOf(given: string | null | undefined): string {
  return !given || given === '$app' ? APP_NAMESPACE : given.replace(/^\$app:/, `${APP_NAMESPACE}:`);
}

function valueProblem(type: string, value: string): string | null {
  switch (type) {
    case 'single_line_text_field':
      return /[\r\n]/.test(value) ? 'Value must be a single line of text.' : null;
    case 'number_integer':
      return /^-?\d+$/.test(value) ? null : 'Value must be an integer.';
    case 'number_decimal':
      return /^-?\d+(\.\d+)?$/.test(value) ? null : 'Value must be a decimal number.';
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'Value must be true or false.';
    case 'json':
      try {
        JSON.parse(value);
        return null;
      } catch {
        return 'Value must be valid JSON.';
      }
    default:
      return null;
  }
}

// What Shopify refuses in one write to an owner's metafields, or the type and namespace it
// is written with.
export function checkMetafield(
  existingOf: (namespace: string, key: string) => MetafieldRecord | undefined,
  m: MetafieldWrite,
): { problem: MetafieldProblem } | { namespace: string; type: string; existing?: MetafieldRecord } {
  const namespace = namespaceOf(m.namespace);
  const fail = (field: MetafieldProblem['field'], message: string, code: string) => ({
    problem: { field, message, code },
  });
  if (namespace.length < 3)
    return fail('namespace', 'Namespace is too short (minimum is 3 characters).', 'TOO_SHORT');
  if (m.key.length < 2)
    return fail('key', 'Key is too short (minimum is 2 characters).', 'TOO_SHORT');
  const existing = existingOf(namespace, m.key);
  const type = m.type ?? existing?.type;
  if (!type) return fail('type', "Type can't be blank.", 'BLANK');
  if (existing && m.type && m.type !== existing.type)
    return fail('type', `Type must be ${existing.type} (the metafield's type).`, 'INVALID_TYPE');
  if ('compareDigest' in m) {
    const current = existing ? metafieldDigest(existing.value) : null;
    if ((m.compareDigest ?? null) !== current)
      return fail(
        'compareDigest',
        'The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.',
        'STALE_OBJECT',
      );
  }
  const problem = valueProblem(type, m.value);
  if (problem) return fail('value', problem, 'INVALID_VALUE');
  return { namespace, type, existing };
}

export function writeMetafield(
  shop: ShopState,
  list: MetafieldRecord[],
  ownerId: string,
  write: {
    namespace: string;
    key: string;
    type: string;
    value: string;
    existing?: MetafieldRecord;
  },
): MetafieldRecord {
  const now = shop.now();
  if (write.existing) {
    write.existing.value = write.value;
    write.existing.updatedAt = now;
    return write.existing;
  }
  const record: MetafieldRecord = {
    id: gid('Metafield', shop.nextId()),
    ownerId,
    namespace: write.namespace,
    key: write.key,
    type: write.type,
    value: write.value,
    createdAt: now,
    updatedAt: now,
  };
  list.push(record);
  return record;
}
