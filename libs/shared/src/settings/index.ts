export * from './catalog-settings.v1';
export * from './order-side-settings.v1';
export * from './shop-settings.v1';
export * from './inventory-locations.v1';
export * from './webhook-settings.v1';
export * from './ordering-settings.v1';
export * from './timeout-settings.v1';
