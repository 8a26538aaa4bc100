import { ClassConstructor, plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { flattenValidationErrors } from '../contracts/parse-contract';

const SECRETS = new WeakMap<object, Set<string>>();

// Marks an environment variable as secret: it is redacted wherever the configuration is printed.
export function Secret(): PropertyDecorator {
  return (target, property) => {
    const set = SECRETS.get(target.constructor) ?? new Set<string>();
    set.add(String(property));
    SECRETS.set(target.constructor, set);
  };
}

// Secrets declared on a base class (CommonEnv) stay secret in every app's subclass.
function secretsOf(cls: object): Set<string> {
  const all = new Set<string>();
  for (let c: object | null = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c))
    for (const name of SECRETS.get(c) ?? []) all.add(name);
  return all;
}

export class ConfigInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

// The variable names a configuration class reads, for documentation and the compose-file test.
export function envVarNames(cls: ClassConstructor<object>): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))].sort();
}

// Reads only the variables the class declares, validates them all, and fails with the full
// list of bad variables so an operator fixes them in one go.
export function loadEnv<T extends object>(cls: ClassConstructor<T>, env: NodeJS.ProcessEnv): T {
  const names = envVarNames(cls);
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  const instance = plainToInstance(cls, picked, { enableImplicitConversion: true });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length) {
    const secrets = secretsOf(cls);
    const byField = new Map<string, string[]>();
    for (const e of flattenValidationErrors(errors))
      byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
    throw new ConfigInvalid(
      [...byField].map(([field, messages]) =>
        secrets.has(field)
          ? `${field}: invalid (value hidden): ${messages.join('; ')}`
          : `${field}: ${messages.join('; ')}`,
      ),
    );
  }
  return instance;
}

export function redactEnv<T extends object>(
  cls: ClassConstructor<T>,
  values: T,
): Record<string, unknown> {
  const secrets = secretsOf(cls);
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      secrets.has(k) && v !== undefined ? '[redacted]' : v,
    ]),
  );
}
