import type { ErpAttributeData } from '@shopsync/shared';
import { hashOf } from '../../catalog/catalog-diff';

// ERP item attributes → product metafields in the shop's namespace, only what changed since
// they were last set (`recorded`: "<namespace>.<key>" → hash of type and value). A metafield
// shopsync set whose attribute is gone (or whose namespace the shop changed) is deleted;
// metafields it never set are left alone.

export interface MetafieldPlan {
  set: Array<{ namespace: string; key: string; type: string; value: string }>;
  remove: Array<{ namespace: string; key: string }>;
  // What is recorded once the plan went through.
  recorded: Record<string, string>;
}

export function metafieldPlan(
  attributes: ErpAttributeData[] | null | undefined,
  namespace: string,
  recorded: Record<string, string> | null | undefined,
): MetafieldPlan {
  const plan: MetafieldPlan = { set: [], remove: [], recorded: {} };
  for (const a of attributes ?? []) {
    const id = `${namespace}.${a.key}`;
    const hash = hashOf([a.type, a.value]);
    plan.recorded[id] = hash;
    if (recorded?.[id] !== hash)
      plan.set.push({ namespace, key: a.key, type: a.type, value: a.value });
  }
  for (const id of Object.keys(recorded ?? {})) {
    if (id in plan.recorded) continue;
    const dot = id.indexOf('.');
    plan.remove.push({ namespace: id.slice(0, dot), key: id.slice(dot + 1) });
  }
  return plan;
}
