import { DomainError, ERROR_CODES, ShopEntity } from '@shopsync/shared';
import type { TaskContext } from '../task-handler';
import { ShopifyPaymentsRepository } from './shopify-payments.repository';
import { ShopifyPaymentsSync } from './shopify-payments.sync';

// "Not available" instead of a failure: the grant lacks the Shopify Payments scopes, Shopify
// denies one of them (a grant not known), or the shop has no account; any other error fails.

function context(accessScopes: string[] | null, request: jest.Mock) {
  const logs: unknown[] = [];
  const ctx = {
    job: { shopId: 'shop-1' },
    shop: { accessScopes } as unknown as ShopEntity,
    signal: new AbortController().signal,
    throwIfCancelled: () => undefined,
    shopify: () => ({ request }),
    log: async (...args: unknown[]) => {
      logs.push(args);
    },
  } as unknown as TaskContext;
  return { ctx, logs };
}

const denied = (scope: string) =>
  new DomainError(
    ERROR_CODES.shopifyScopeMissing,
    `Shopify denied access for shop 'a': the app lacks ${scope}. Access denied for shopifyPaymentsAccount field. Required access: \`${scope}\` access scope.`,
  );

describe('ShopifyPaymentsSync', () => {
  const repo = {} as ShopifyPaymentsRepository;
  const sync = new ShopifyPaymentsSync(repo, { now: () => new Date('2026-12-01T00:00:00Z') });

  it('does not call Shopify when the grant lacks the payments scopes', async () => {
    const request = jest.fn();
    const { ctx, logs } = context(['read_orders', 'read_shopify_payments_disputes'], request);
    await expect(sync.run(ctx)).resolves.toEqual({
      available: false,
      note: expect.stringContaining('not available: the app lacks read_shopify_payments_payouts'),
    });
    expect(request).not.toHaveBeenCalled();
    expect(logs).toHaveLength(1);
  });

  it('notes a denied payments scope when the grant is unknown', async () => {
    const request = jest.fn().mockRejectedValue(denied('read_shopify_payments_payouts'));
    const { ctx } = context(null, request);
    await expect(sync.run(ctx)).resolves.toEqual({
      available: false,
      note: expect.stringContaining('Shopify denied read_shopify_payments_payouts'),
    });
  });

  it('fails on any other denied scope or error', async () => {
    const { ctx } = context(null, jest.fn().mockRejectedValue(denied('read_orders')));
    await expect(sync.run(ctx)).rejects.toThrow(/read_orders/);
    const broken = context(null, jest.fn().mockRejectedValue(new Error('boom')));
    await expect(sync.run(broken.ctx)).rejects.toThrow('boom');
  });

  it('notes a shop without an account, or with one not activated', async () => {
    const none = jest.fn().mockResolvedValue({
      shop: { currencyCode: 'EUR' },
      shopifyPaymentsAccount: null,
    });
    await expect(sync.run(context(null, none).ctx)).resolves.toMatchObject({
      available: false,
      note: expect.stringContaining('no Shopify Payments account'),
    });
    const inactive = jest.fn().mockResolvedValue({
      shop: { currencyCode: 'EUR' },
      shopifyPaymentsAccount: { id: 'a', activated: false, defaultCurrency: 'EUR' },
    });
    await expect(sync.run(context(null, inactive).ctx)).resolves.toMatchObject({
      available: false,
      note: expect.stringContaining('not activated'),
    });
  });
});
