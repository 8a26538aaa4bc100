import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const COPY = join(ROOT, 'schemas', 'shopify', 'admin-2026-04.graphql');
const SHARED = join(ROOT, '..', 'shared', 'shopify', 'admin-2026-04.graphql');
// From shared/shopify/README.md: the schema as introspected for API 2026-04.
const PUBLISHED_SHA256 = '73c5b00ed3543423de32b67bfbc1f5fe7b133eda7e8c1ac55042cedb6b5cb1b7';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the Shopify Admin schema copy', () => {
  it('is byte for byte the published 2026-04 schema', () => {
    expect(sha256(COPY)).toBe(PUBLISHED_SHA256);
  });

  it('matches the shared copy when one is beside the project', () => {
    if (!existsSync(SHARED)) return;
    expect(sha256(SHARED)).toBe(sha256(COPY));
  });
});
