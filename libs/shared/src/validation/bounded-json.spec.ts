import { IsOptional } from 'class-validator';
import { ContractViolation } from '../domain/errors';
import { parseContract } from '../contracts/parse-contract';
import { SyncCommandV1 } from '../contracts/sync-command.v1';
import { IsBoundedJson, jsonDepthExceeds, jsonWithinBounds, PARAMS_BOUNDS } from './bounded-json';

function nested(depth: number, leaf: unknown = 1, array = false): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
}

class Holder {
  @IsOptional()
  @IsBoundedJson({ maxBytes: 64, maxDepth: 3 })
  params?: unknown;
}

describe('bounded JSON', () => {
  const bounds = { maxBytes: 64, maxDepth: 3 };

  it('counts the outermost object or array as level 1', () => {
    expect(jsonDepthExceeds({}, 1)).toBe(false);
    expect(jsonDepthExceeds({ a: {} }, 1)).toBe(true);
    expect(jsonDepthExceeds(nested(3), 3)).toBe(false);
    expect(jsonDepthExceeds(nested(4), 3)).toBe(true);
    expect(jsonDepthExceeds('scalar', 0)).toBe(false);
  });

  it('takes nested arrays, and arrays inside objects, as levels', () => {
    expect(jsonWithinBounds(nested(3, 1, true), bounds)).toBe(true);
    expect(jsonWithinBounds(nested(4, 1, true), bounds)).toBe(false);
    expect(jsonWithinBounds({ list: [[1]] }, bounds)).toBe(true);
    expect(jsonWithinBounds({ list: [[{ deep: 1 }]] }, bounds)).toBe(false);
  });

  it('measures bytes of JSON, multi-byte characters as their UTF-8 length', () => {
    const ascii = { s: 'x'.repeat(56) }; // {"s":"…"} is 8 + 56 = 64 bytes
    expect(jsonWithinBounds(ascii, bounds)).toBe(true);
    expect(jsonWithinBounds({ s: 'x'.repeat(57) }, bounds)).toBe(false);
    expect(jsonWithinBounds({ s: 'é'.repeat(29) }, bounds)).toBe(false); // 58 chars of 2 bytes
  });

  it('stops at the limit on a hostile depth instead of overflowing the stack', () => {
    expect(jsonWithinBounds(nested(100_000), PARAMS_BOUNDS)).toBe(false);
  });

  it('names the field and both limits in the message', async () => {
    const errors = await validateHolder({ s: 'x'.repeat(100) });
    expect(errors).toEqual([
      { field: 'params', message: 'must be at most 64 bytes of JSON and 3 levels deep' },
    ]);
    expect(await validateHolder(nested(4))).toHaveLength(1);
    expect(await validateHolder({ ok: [1, 2] })).toEqual([]);
    expect(await validateHolder(undefined)).toEqual([]);
  });

  it('refuses a Kafka sync command over the bound, naming params (the DLQ reason)', async () => {
    const raw = { shop: 'main', task: 'inventory', params: { blob: 'x'.repeat(20_000) } };
    const error = await parseContract(SyncCommandV1, raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolation);
    expect((error as ContractViolation).message).toContain(
      'params: must be at most 16384 bytes of JSON and 8 levels deep',
    );
    await expect(
      parseContract(SyncCommandV1, { ...raw, params: nested(8) as object }),
    ).resolves.toBeInstanceOf(SyncCommandV1);
    await expect(
      parseContract(SyncCommandV1, { ...raw, params: nested(9) as object }),
    ).rejects.toBeInstanceOf(ContractViolation);
  });
});

async function validateHolder(params: unknown) {
  const { validate } = await import('class-validator');
  const { flattenValidationErrors } = await import('../contracts/parse-contract');
  const holder = Object.assign(new Holder(), { params });
  return flattenValidationErrors(await validate(holder));
}
