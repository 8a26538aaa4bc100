import { shopSettings, validateShopSettings } from './shop-settings.v1';

const L1 = 'gid://shopify/Location/1';
const L2 = 'gid://shopify/Location/2';

describe('settings.inventory.locations and negativeAsZero', () => {
  it('reads the per-location stock calculations and filters, typed', () => {
    const settings = {
      inventory: {
        negativeAsZero: false,
        locations: [
          { shopifyLocationId: L1, stockCalculation: 'projected', locationFilter: ['WH1', 'WH2'] },
          { shopifyLocationId: L2, stockCalculation: 'disabled' },
        ],
      },
    };
    expect(validateShopSettings(settings)).toEqual([]);
    expect(shopSettings({ settings }).inventory).toEqual({
      quantityName: 'available',
      negativeAsZero: false,
      locations: [
        { shopifyLocationId: L1, stockCalculation: 'projected', locationFilter: ['WH1', 'WH2'] },
        { shopifyLocationId: L2, stockCalculation: 'disabled', locationFilter: [] },
      ],
    });
  });

  it.each([
    [{ negativeAsZero: 'no' }, 'settings.inventory.negativeAsZero', 'must be a boolean'],
    [{ locations: {} }, 'settings.inventory.locations', 'must be an array'],
    [{ locations: ['x'] }, 'settings.inventory.locations[0]', 'must be an object'],
    [
      {
        locations: [
          { shopifyLocationId: '1', stockCalculation: 'available', locationFilter: ['A'] },
        ],
      },
      'settings.inventory.locations[0].shopifyLocationId',
      'must be a Shopify location id (gid://shopify/Location/<number>)',
    ],
    [
      { locations: [{ shopifyLocationId: L1, stockCalculation: 'free', locationFilter: ['A'] }] },
      'settings.inventory.locations[0].stockCalculation',
      'must be one of disabled, available, on-hand, projected',
    ],
    [
      { locations: [{ shopifyLocationId: L1, stockCalculation: 'available' }] },
      'settings.inventory.locations[0].locationFilter',
      'must be an array of ERP location codes',
    ],
    [
      { locations: [{ shopifyLocationId: L1, stockCalculation: 'on-hand', locationFilter: [] }] },
      'settings.inventory.locations[0].locationFilter',
      "must list at least one ERP location code unless 'disabled'",
    ],
    [
      {
        locations: [
          { shopifyLocationId: L1, stockCalculation: 'on-hand', locationFilter: ['A', 'bad code'] },
        ],
      },
      'settings.inventory.locations[0].locationFilter[1]',
      'must be 1-64 letters, digits, ".", "_", "/" or "-"',
    ],
    [
      {
        locations: [
          { shopifyLocationId: L1, stockCalculation: 'on-hand', locationFilter: ['A', 'A'] },
        ],
      },
      'settings.inventory.locations[0].locationFilter[1]',
      'is listed twice',
    ],
    [
      {
        locations: [
          { shopifyLocationId: L1, stockCalculation: 'on-hand', locationFilter: ['A'] },
          { shopifyLocationId: L1, stockCalculation: 'disabled' },
        ],
      },
      'settings.inventory.locations[1].shopifyLocationId',
      'repeats [0]',
    ],
    [
      { locations: [{ shopifyLocationId: L1, stockCalculation: 'disabled', filter: ['A'] }] },
      'settings.inventory.locations[0].filter',
      'is not a setting',
    ],
    [
      {
        locations: [
          {
            shopifyLocationId: L1,
            stockCalculation: 'on-hand',
            locationFilter: Array.from({ length: 51 }, (_, i) => `W${i}`),
          },
        ],
      },
      'settings.inventory.locations[0].locationFilter',
      'must have at most 50 location codes',
    ],
    [
      {
        locations: Array.from({ length: 251 }, (_, i) => ({
          shopifyLocationId: `gid://shopify/Location/${i + 1}`,
          stockCalculation: 'disabled',
        })),
      },
      'settings.inventory.locations',
      'must have at most 250 locations',
    ],
  ])('refuses %j naming %s', (inventory, field, message) => {
    expect(validateShopSettings({ inventory } as never)).toEqual([{ field, message }]);
    // A bad value stored anyway reads as the default.
    expect(shopSettings({ settings: { inventory } as never }).inventory.locations).toEqual([]);
  });
});
