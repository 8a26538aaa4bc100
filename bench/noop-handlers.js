// The benchmark's task handlers: they do nothing, so the pipeline itself is what is measured.
const noop = async () => ({ summary: {} });
const tasks = [
  'products',
  'inventory',
  'images',
  'customers',
  'orders',
  'sales-orders',
  'shipments',
  'payments',
];
module.exports = { handlers: Object.fromEntries(tasks.map((t) => [t, noop])) };
