import { shopSettings } from '@shopsync/shared';
import {
  calculateStock,
  StockQuantities,
  StockTarget,
  stockTargets,
  targetQuantity,
} from './stock-calculation';

const L1 = 'gid://shopify/Location/1';
const L2 = 'gid://shopify/Location/2';
const L3 = 'gid://shopify/Location/3';
const q = (onHand: number, reserved = 0, incoming = 0): StockQuantities => ({
  onHand,
  reserved,
  incoming,
});

describe('stock calculation', () => {
  it('computes each calculation from on hand, reserved and incoming', () => {
    const stock = q(10, 3, 5);
    expect(calculateStock('on-hand', stock)).toBe(10);
    expect(calculateStock('available', stock)).toBe(7);
    expect(calculateStock('projected', stock)).toBe(12);
  });

  it('sums the ERP locations of the filter, counts missing stock as 0 and ignores others', () => {
    const stock = new Map([
      ['WH1', q(10, 2, 1)],
      ['WH2', q(4, 1, 6)],
      ['WH3', q(100, 0, 0)],
    ]);
    const target = (calculation: StockTarget['calculation']): StockTarget => ({
      shopifyLocationId: L1,
      calculation,
      erpLocationCodes: ['WH1', 'WH2', 'NONE'],
    });
    const at = (code: string) => stock.get(code);
    expect(targetQuantity(target('on-hand'), at, true)).toBe(14);
    expect(targetQuantity(target('available'), at, true)).toBe(11);
    expect(targetQuantity(target('projected'), at, true)).toBe(18);
  });

  it('sends a negative sum as 0 with negativeAsZero, and as it is without', () => {
    const target: StockTarget = {
      shopifyLocationId: L1,
      calculation: 'available',
      erpLocationCodes: ['WH1', 'WH2'],
    };
    const stock = new Map([
      ['WH1', q(2, 7)],
      ['WH2', q(1, 0)],
    ]);
    expect(targetQuantity(target, (c) => stock.get(c), true)).toBe(0);
    expect(targetQuantity(target, (c) => stock.get(c), false)).toBe(-4);
    // The sum decides, not each ERP location: -5 + 6 = 1.
    stock.set('WH2', q(6, 0));
    expect(targetQuantity(target, (c) => stock.get(c), true)).toBe(1);
  });

  it('takes configured locations from settings and the others from their mapping', () => {
    const settings = shopSettings({
      settings: {
        inventory: {
          locations: [
            { shopifyLocationId: L1, stockCalculation: 'projected', locationFilter: ['A', 'B'] },
            { shopifyLocationId: L2, stockCalculation: 'disabled' },
          ],
        },
      },
    }).inventory;
    const rows = [
      { shopifyLocationId: L1, active: true, stockSync: false, erpLocationCode: null },
      // Mapped with stock sync, but disabled in settings: the setting wins.
      { shopifyLocationId: L2, active: true, stockSync: true, erpLocationCode: 'X' },
      { shopifyLocationId: L3, active: true, stockSync: true, erpLocationCode: 'C' },
      {
        shopifyLocationId: 'gid://shopify/Location/4',
        active: false,
        stockSync: true,
        erpLocationCode: 'D',
      },
      {
        shopifyLocationId: 'gid://shopify/Location/5',
        active: true,
        stockSync: false,
        erpLocationCode: 'E',
      },
    ];
    expect(stockTargets(settings, rows)).toEqual([
      { shopifyLocationId: L1, calculation: 'projected', erpLocationCodes: ['A', 'B'] },
      { shopifyLocationId: L3, calculation: 'available', erpLocationCodes: ['C'] },
    ]);
    // A configured location Shopify reported inactive is left out.
    expect(stockTargets(settings, [{ ...rows[0], active: false }])).toEqual([]);
  });
});
