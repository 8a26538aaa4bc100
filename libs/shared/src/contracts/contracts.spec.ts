import { ContractViolation } from '../domain/errors';
import { paramsHash } from '../jobs/job-messages';
import { parseContract } from './parse-contract';
import { partitionKey } from './partition-key';
import { SyncRequestedV1 } from './sync-requested.v1';

const valid = {
  jobId: '6f1c1f38-7a51-4a8e-9a4e-0c1f0b1e2d3c',
  shopId: '0b6c0f1a-2d3e-4f50-8a6b-7c8d9e0f1a2b',
  task: 'inventory',
  category: 'default',
  trigger: 'manual',
  attempt: 1,
  requestedAt: '2026-11-28T06:00:00.000Z',
  traceId: 'abc',
};

describe('contracts', () => {
  it('accepts a valid SyncRequestedV1', async () => {
    const msg = await parseContract(SyncRequestedV1, valid);
    expect(msg.task).toBe('inventory');
  });

  it('names every bad field of an invalid message', async () => {
    const error = await parseContract(SyncRequestedV1, {
      ...valid,
      jobId: 'x',
      task: 'teleport',
      attempt: 0,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolation);
    expect((error as ContractViolation).details?.map((d) => d.field).sort()).toEqual([
      'attempt',
      'jobId',
      'task',
    ]);
  });

  it('refuses a message that is not an object', async () => {
    await expect(parseContract(SyncRequestedV1, [1, 2])).rejects.toBeInstanceOf(ContractViolation);
    await expect(parseContract(SyncRequestedV1, null)).rejects.toThrow(/must be a JSON object/);
  });

  it('keys jobs by shop and category', () => {
    expect(partitionKey('shop-1', 'default')).toBe('shop-1/default');
  });

  it('hashes params independently of key order', () => {
    expect(paramsHash('orders', { a: 1, b: { c: 2, d: [1, 2] } })).toBe(
      paramsHash('orders', { b: { d: [1, 2], c: 2 }, a: 1 }),
    );
    expect(paramsHash('orders', { a: 1 })).not.toBe(paramsHash('orders', { a: 2 }));
    expect(paramsHash('orders', {})).not.toBe(paramsHash('products', {}));
  });
});
