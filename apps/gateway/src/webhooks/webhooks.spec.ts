import { createHmac } from 'node:crypto';
import { isValidShopifySignature } from './webhook-signature';
import { taskForWebhook } from './webhook-topics';

const SECRET = 'app-secret';
const body = Buffer.from('{"id":1,"note":"café"}');
const sign = (raw: Buffer, secret = SECRET) =>
  createHmac('sha256', secret).update(raw).digest('base64');

describe('Shopify webhook signature', () => {
  it('accepts the HMAC of the exact raw bytes', () => {
    expect(isValidShopifySignature(body, sign(body), SECRET)).toBe(true);
  });

  it('refuses another secret, an altered body, re-serialised JSON, or no signature', () => {
    expect(isValidShopifySignature(body, sign(body, 'other'), SECRET)).toBe(false);
    expect(isValidShopifySignature(Buffer.from('{"id":2,"note":"café"}'), sign(body), SECRET)).toBe(
      false,
    );
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(isValidShopifySignature(reserialised, sign(body), SECRET)).toBe(false);
    expect(isValidShopifySignature(body, undefined, SECRET)).toBe(false);
  });

  it('refuses anything that is not a 32-byte base64 digest, without comparing', () => {
    expect(isValidShopifySignature(body, 'garbage', SECRET)).toBe(false);
    expect(isValidShopifySignature(body, sign(body).slice(0, 20), SECRET)).toBe(false);
    expect(isValidShopifySignature(body, Buffer.alloc(33).toString('base64'), SECRET)).toBe(false);
  });
});

describe('webhook topic → task', () => {
  it('maps orders, and products and customers only when their task reads Shopify', () => {
    expect(taskForWebhook('orders/create', {})).toBe('orders');
    expect(taskForWebhook('orders/updated', {})).toBe('orders');
    expect(taskForWebhook('customers/create', {})).toBeNull();
    expect(taskForWebhook('customers/update', { customers: { import: 'all' } })).toBe('customers');
    expect(
      taskForWebhook('customers/create', {
        customers: { import: 'with-order-import', shopifyCanUpdateCustomer: true },
      }),
    ).toBe('customers');
    expect(taskForWebhook('products/update', {})).toBeNull();
    expect(
      taskForWebhook('products/update', { directions: { products: 'to-shopify' } }),
    ).toBeNull();
    expect(taskForWebhook('products/update', { directions: { products: 'from-shopify' } })).toBe(
      'products',
    );
    expect(taskForWebhook('products/create', { directions: { products: 'from-shopify' } })).toBe(
      'products',
    );
    expect(taskForWebhook('app/uninstalled', {})).toBeNull();
  });
});
