import { ContractViolation } from '../domain/errors';
import { parseErpInbound } from './erp-inbound.v1';

const stock = (data: Record<string, unknown>) =>
  parseErpInbound({ entity: 'stock', data: { sku: 'SKU-1', locationCode: 'WH1', ...data } });

async function fieldsOf(data: Record<string, unknown>): Promise<string[]> {
  try {
    await stock(data);
  } catch (error) {
    if (error instanceof ContractViolation) return (error.details ?? []).map((d) => d.field);
    throw error;
  }
  return [];
}

describe('ErpStockV1: quantities by type', () => {
  it('still takes the first shape, a single quantity (on hand)', async () => {
    await expect(stock({ quantity: 4 })).resolves.toMatchObject({ data: { quantity: 4 } });
  });

  it('takes on hand, reserved and incoming', async () => {
    await expect(stock({ onHand: -2, reserved: 3, incoming: 10 })).resolves.toMatchObject({
      data: { onHand: -2, reserved: 3, incoming: 10 },
    });
  });

  it.each([
    [{ quantity: 1, onHand: 1 }, ['data.onHand']],
    [{ reserved: 1 }, ['data.onHand']],
    [{ onHand: 1, reserved: -1 }, ['data.reserved']],
    [{ onHand: 1, incoming: 1.5 }, ['data.incoming']],
    [{ onHand: 1_000_000_001 }, ['data.onHand']],
    // null is not "left out": it was read as a quantity of 0
    [{ quantity: null }, ['data.quantity']],
    [{ onHand: 1, reserved: null }, ['data.reserved']],
  ])('refuses %j naming %j', async (data, fields) => {
    expect([...new Set(await fieldsOf(data))]).toEqual(fields);
  });

  it('says why onHand is wrong', async () => {
    await expect(stock({ quantity: 1, onHand: 1 })).rejects.toMatchObject({
      details: [{ field: 'data.onHand', message: 'give onHand or quantity, not both' }],
    });
    await expect(stock({})).rejects.toMatchObject({
      details: expect.arrayContaining([
        { field: 'data.onHand', message: 'must be given (onHand, or quantity, its first name)' },
      ]),
    });
  });
});
