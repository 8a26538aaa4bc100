import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadatas = ReturnType<Storage['getTargetValidationMetadatas']>;

const installed = Symbol('shopsync.validationMetadataCache');

// class-validator looks a class's rules up afresh on every validate(): it walks every class that
// has rules (hundreds here: contracts and DTOs) with `instanceof` to collect inherited ones, which
// was the gateway's and the worker's largest single function in a CPU profile. The rules of a
// class only change while decorators run (module load), so the answer is kept per class and
// options, and forgotten whenever a rule, constraint or schema is added. Installed once per
// process, on the one storage class-validator and Nest's ValidationPipe share.
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const target = storage as Storage & { [installed]?: true };
  if (target[installed]) return;
  target[installed] = true;
  let cache = new Map<unknown, Map<string, Metadatas>>();
  let grouped = new WeakMap<Metadatas, ReturnType<Storage['groupByPropertyName']>>();
  const forget = () => {
    cache = new Map();
    grouped = new WeakMap();
  };
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  for (const name of [
    'addValidationMetadata',
    'addConstraintMetadata',
    'addValidationSchema',
  ] as const) {
    const add = (storage[name] as (arg: unknown) => void).bind(storage);
    (storage as unknown as Record<string, (arg: unknown) => void>)[name] = (arg) => {
      forget();
      add(arg);
    };
  }
  storage.getTargetValidationMetadatas = (
    targetConstructor,
    targetSchema,
    always,
    strictGroups,
    groups,
  ) => {
    const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byOptions = cache.get(targetConstructor);
    if (!byOptions) cache.set(targetConstructor, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) {
      found = lookup(targetConstructor, targetSchema, always, strictGroups, groups);
      byOptions.set(key, found);
    }
    return found;
  };
  // The executor groups the (now shared) list by property on every call too; neither it nor its
  // callers change the list or the groups, so the groups are kept with the list.
  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (!found) {
      found = group(metadata);
      grouped.set(metadata, found);
    }
    return found;
  };
}
