import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyEntry {
  name: string;
  sha256: string;
  scopes: Scope[];
  shops?: string[];
}

// Who is calling: `id` is the managed key's id (null for a key of the API_KEYS list), `name`
// the name it was given.
export interface Principal {
  id: string | null;
  name: string;
  // Names the key in the audit, never reveals it: a managed key's id, or for a key of the
  // API_KEYS list the first 12 hex digits of its SHA-256.
  keyId: string;
  scopes: Scope[];
  shops: string[] | null;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

// admin ⊇ write ⊇ read.
export function grants(scopes: Scope[], needed: Scope): boolean {
  const rank = (s: Scope) => SCOPES.indexOf(s);
  return scopes.some((s) => rank(s) >= rank(needed));
}

// The configured keys (API_KEYS / API_KEYS_FILE, the bootstrap list), never stored in clear:
// only their SHA-256 (keys are long random strings, so a fast hash is enough). Comparison is in
// constant time. Managed keys live in the database (ApiKeyAuthenticator).
export class ApiKeyRegistry {
  private readonly entries: ApiKeyEntry[];

  constructor(entries: ApiKeyEntry[]) {
    this.entries = entries.map((e) => ({ ...e, sha256: e.sha256.toLowerCase() }));
  }

  get size(): number {
    return this.entries.length;
  }

  authenticate(presented: string): Principal | null {
    const digest = Buffer.from(hashKey(presented), 'hex');
    let found: ApiKeyEntry | null = null;
    for (const e of this.entries) {
      const candidate = Buffer.from(e.sha256, 'hex');
      if (candidate.length === digest.length && timingSafeEqual(candidate, digest)) found = e;
    }
    return found
      ? {
          id: null,
          name: found.name,
          keyId: found.sha256.slice(0, 12),
          scopes: found.scopes,
          shops: found.shops?.length ? found.shops : null,
        }
      : null;
  }
}

// Parses API_KEYS (JSON) and API_KEYS_FILE (the same JSON in a file); every problem is named.
export function parseApiKeys(json: string | undefined, file: string | undefined): ApiKeyEntry[] {
  const sources: Array<[string, string]> = [];
  if (json) sources.push(['API_KEYS', json]);
  if (file) sources.push(['API_KEYS_FILE', readFileSync(file, 'utf8')]);
  const out: ApiKeyEntry[] = [];
  const problems: string[] = [];
  for (const [where, text] of sources) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      problems.push(`${where}: is not JSON`);
      continue;
    }
    if (!Array.isArray(parsed)) {
      problems.push(`${where}: must be a JSON array of {name, sha256, scopes, shops?}`);
      continue;
    }
    parsed.forEach((raw: unknown, i: number) => {
      const e = raw as Partial<ApiKeyEntry>;
      const at = `${where}[${i}]`;
      if (typeof e?.name !== 'string' || !e.name) problems.push(`${at}.name: is required`);
      if (typeof e?.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(e.sha256))
        problems.push(`${at}.sha256: must be 64 hex digits (the SHA-256 of the key)`);
      if (
        !Array.isArray(e?.scopes) ||
        !e.scopes.length ||
        e.scopes.some((s) => !SCOPES.includes(s))
      )
        problems.push(`${at}.scopes: must list read, write and/or admin`);
      if (
        e?.shops !== undefined &&
        (!Array.isArray(e.shops) || e.shops.some((s) => typeof s !== 'string'))
      )
        problems.push(`${at}.shops: must be a list of shop codes`);
      out.push(e as ApiKeyEntry);
    });
  }
  if (problems.length) throw new Error(`invalid API keys:\n  - ${problems.join('\n  - ')}`);
  return out;
}
