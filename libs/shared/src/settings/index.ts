export * from './catalog-settings.v1';
export * from './order-side-settings.v1';
export * from './shop-settings.v1';
export * from './ordering-settings.v1';
