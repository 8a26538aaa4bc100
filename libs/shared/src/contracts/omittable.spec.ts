import 'reflect-metadata';
import { IsArray, IsInt, IsString } from 'class-validator';
import { ContractViolation } from '../domain/errors';
import { Omittable } from './omittable';
import { parseContract } from './parse-contract';
import { parseErpInbound } from './erp-inbound.v1';
import { SyncCommandV1 } from './sync-command.v1';

class Sample {
  @IsString()
  name!: string;

  @Omittable()
  @IsInt()
  count?: number;

  @Omittable()
  @IsArray()
  @IsString({ each: true })
  tags?: string[];
}

async function fieldsOf(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ContractViolation)
      return [...new Set((error.details ?? []).map((d) => d.field))];
    throw error;
  }
  return [];
}

describe('Omittable', () => {
  it('lets a field be left out', async () => {
    await expect(parseContract(Sample, { name: 'a' })).resolves.toMatchObject({ name: 'a' });
  });

  it('checks a field that is given', async () => {
    expect(await fieldsOf(() => parseContract(Sample, { name: 'a', count: 'x' }))).toEqual([
      'count',
    ]);
  });

  it('refuses null where the contract has no null', async () => {
    expect(
      await fieldsOf(() => parseContract(Sample, { name: 'a', count: null, tags: null })),
    ).toEqual(['count', 'tags']);
  });

  it('refuses null lists on an ERP item and null parameters on a sync command', async () => {
    const item = { itemNo: 'A-1', title: 'A', variants: [{ sku: 'A-1', price: 1, options: [] }] };
    expect(
      await fieldsOf(() =>
        parseErpInbound({ entity: 'item', data: { ...item, tags: null, attributes: null } }),
      ),
    ).toEqual(expect.arrayContaining(['data.tags', 'data.attributes']));
    await expect(parseErpInbound({ entity: 'item', data: item })).resolves.toBeDefined();
    expect(
      await fieldsOf(() =>
        parseContract(SyncCommandV1, { shop: 'demo', task: 'products', params: null }),
      ),
    ).toContain('params');
  });
});
