import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DomainError,
  ERROR_CODES,
  isOptionalTaskScope,
  missingOptionalTaskScopes,
  scopeNamedIn,
} from '@shopsync/shared';
import { paginate } from '../../shopify/pagination';
import type { TaskContext } from '../task-handler';
import {
  SHOPIFY_PAYMENTS_ACCOUNT,
  SHOPIFY_PAYMENTS_BALANCE_TRANSACTIONS_SINCE,
  SHOPIFY_PAYMENTS_DISPUTES_SINCE,
  SHOPIFY_PAYMENTS_OPEN_DISPUTES,
  SHOPIFY_PAYMENTS_OPEN_PAYOUTS,
  SHOPIFY_PAYMENTS_PAYOUTS_SINCE,
} from './shopify-payments.graphql';
import {
  BalanceTransactionNode,
  balanceTransactionRow,
  DisputeNode,
  disputeRow,
  idAfterQuery,
  PayoutNode,
  payoutRow,
} from './shopify-payments.mapping';
import { ShopifyPaymentsRepository, UpsertCounts } from './shopify-payments.repository';

// Requested cost per page: 2 + first × node (payout 10, balance transaction 6, dispute 4), plus
// the account object: ≤ 1,000 points each.
export const PAGE = { payouts: 50, balanceTransactions: 150, disputes: 100, openNodes: 50 };

interface Conn<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface AccountInfo {
  shop: { currencyCode: string };
  shopifyPaymentsAccount: { id: string; activated: boolean; defaultCurrency: string } | null;
}
interface PayoutsPage {
  shopifyPaymentsAccount: { payouts: Conn<PayoutNode> } | null;
}
interface BalancePage {
  shopifyPaymentsAccount: { balanceTransactions: Conn<BalanceTransactionNode> } | null;
}
interface DisputesPage {
  disputes: Conn<DisputeNode>;
}

export type ShopifyPaymentsSummary =
  | { available: false; note: string }
  | {
      available: true;
      shopCurrency: string;
      accountCurrency: string;
      payouts: UpsertCounts;
      balanceTransactions: { recorded: number; read: number };
      disputes: UpsertCounts;
    };

const empty = (): UpsertCounts => ({ created: 0, changed: 0, unchanged: 0 });
const add = (into: UpsertCounts, c: UpsertCounts) => {
  into.created += c.created;
  into.changed += c.changed;
  into.unchanged += c.unchanged;
};

// Shopify Payments for one shop: new payouts (ids above the highest stored) and those not final
// yet read again until they are; balance transactions above the highest stored id, each once;
// new disputes and those not final read again. A shop without Shopify Payments (no account, or
// the app lacks its scopes) is "not available", not a failure.
@Injectable()
export class ShopifyPaymentsSync {
  constructor(
    private readonly repo: ShopifyPaymentsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<ShopifyPaymentsSummary> {
    const lacking = missingOptionalTaskScopes('payments', ctx.shop.accessScopes ?? null);
    if (lacking.length) return this.notAvailable(ctx, `the app lacks ${lacking.join(', ')}`);
    try {
      return await this.sync(ctx);
    } catch (err) {
      const scope = deniedOptionalScope(err);
      if (scope) return this.notAvailable(ctx, `Shopify denied ${scope}`);
      throw err;
    }
  }

  private async sync(ctx: TaskContext): Promise<ShopifyPaymentsSummary> {
    const client = ctx.shopify();
    const shopId = ctx.job.shopId;
    const info = await client.request<AccountInfo>(
      SHOPIFY_PAYMENTS_ACCOUNT,
      {},
      { operationName: 'ShopifyPaymentsAccount', signal: ctx.signal },
    );
    const account = info.shopifyPaymentsAccount;
    if (!account) return this.notAvailable(ctx, 'the shop has no Shopify Payments account');
    if (!account.activated)
      return this.notAvailable(ctx, 'the shop\u2019s Shopify Payments account is not activated');
    const rows = { shopId, shopCurrency: info.shop.currencyCode };

    const payouts = empty();
    const disputes = empty();
    // Open ones first: a payout or dispute created in this run is read once, below.
    for (const nodes of await this.reread<PayoutNode>(
      ctx,
      SHOPIFY_PAYMENTS_OPEN_PAYOUTS,
      'ShopifyPaymentsOpenPayouts',
      await this.repo.openPayoutIds(shopId),
    ))
      add(payouts, await this.savePayouts(shopId, rows.shopCurrency, nodes));
    for (const nodes of await this.reread<DisputeNode>(
      ctx,
      SHOPIFY_PAYMENTS_OPEN_DISPUTES,
      'ShopifyPaymentsOpenDisputes',
      await this.repo.openDisputeIds(shopId),
    ))
      add(disputes, await this.saveDisputes(shopId, rows.shopCurrency, nodes));

    for await (const page of paginate<PayoutsPage, PayoutNode>(
      client,
      SHOPIFY_PAYMENTS_PAYOUTS_SINCE,
      {
        connection: (d) => d.shopifyPaymentsAccount?.payouts,
        variables: { query: idAfterQuery(await this.repo.highestPayout(shopId)) },
        pageSize: PAGE.payouts,
        operationName: 'ShopifyPaymentsPayoutsSince',
        signal: ctx.signal,
      },
    )) {
      ctx.throwIfCancelled();
      add(payouts, await this.savePayouts(shopId, rows.shopCurrency, page.nodes));
    }

    const balance = { recorded: 0, read: 0 };
    for await (const page of paginate<BalancePage, BalanceTransactionNode>(
      client,
      SHOPIFY_PAYMENTS_BALANCE_TRANSACTIONS_SINCE,
      {
        connection: (d) => d.shopifyPaymentsAccount?.balanceTransactions,
        variables: { query: idAfterQuery(await this.repo.highestBalanceTransaction(shopId)) },
        pageSize: PAGE.balanceTransactions,
        operationName: 'ShopifyPaymentsBalanceTransactionsSince',
        signal: ctx.signal,
      },
    )) {
      ctx.throwIfCancelled();
      const now = this.clock.now();
      balance.read += page.nodes.length;
      balance.recorded += await this.repo.recordBalanceTransactions(
        shopId,
        page.nodes.map((n) => balanceTransactionRow(n, { ...rows, now })),
        now,
      );
    }

    for await (const page of paginate<DisputesPage, DisputeNode>(
      client,
      SHOPIFY_PAYMENTS_DISPUTES_SINCE,
      {
        connection: (d) => d.disputes,
        variables: { query: idAfterQuery(await this.repo.highestDispute(shopId)) },
        pageSize: PAGE.disputes,
        operationName: 'ShopifyPaymentsDisputesSince',
        signal: ctx.signal,
      },
    )) {
      ctx.throwIfCancelled();
      add(disputes, await this.saveDisputes(shopId, rows.shopCurrency, page.nodes));
    }

    return {
      available: true,
      shopCurrency: rows.shopCurrency,
      accountCurrency: account.defaultCurrency,
      payouts,
      balanceTransactions: balance,
      disputes,
    };
  }

  // The nodes by id, in batches; an id Shopify no longer answers is left as it is.
  private async reread<T extends { id: string; status: string }>(
    ctx: TaskContext,
    document: string,
    operationName: string,
    ids: string[],
  ): Promise<T[][]> {
    const batches: T[][] = [];
    for (let i = 0; i < ids.length; i += PAGE.openNodes) {
      ctx.throwIfCancelled();
      const data = await ctx
        .shopify()
        .request<{ nodes: Array<T | null> }>(
          document,
          { ids: ids.slice(i, i + PAGE.openNodes) },
          { operationName, signal: ctx.signal },
        );
      batches.push(data.nodes.filter((n): n is T => !!n && 'status' in n));
    }
    return batches;
  }

  private async savePayouts(shopId: string, shopCurrency: string, nodes: PayoutNode[]) {
    const known = new Map(
      (
        await this.repo.knownPayouts(
          shopId,
          nodes.map((n) => n.id),
        )
      ).map((p) => [p.payoutId, p]),
    );
    const now = this.clock.now();
    const rows = nodes.map((n) => payoutRow(n, { shopId, shopCurrency, now }, known.get(n.id)));
    return this.repo.upsertPayouts(shopId, rows, now);
  }

  private async saveDisputes(shopId: string, shopCurrency: string, nodes: DisputeNode[]) {
    const known = new Map(
      (
        await this.repo.knownDisputes(
          shopId,
          nodes.map((n) => n.id),
        )
      ).map((d) => [d.disputeId, d]),
    );
    const now = this.clock.now();
    const rows = nodes.map((n) => disputeRow(n, { shopId, shopCurrency, now }, known.get(n.id)));
    return this.repo.upsertDisputes(shopId, rows, now);
  }

  private async notAvailable(ctx: TaskContext, reason: string): Promise<ShopifyPaymentsSummary> {
    const note = `Shopify Payments not available: ${reason}; order transactions are synced as usual`;
    await ctx.log('info', note, { shopifyPayments: 'not-available' });
    return { available: false, note };
  }
}

function deniedOptionalScope(err: unknown): string | undefined {
  if (!(err instanceof DomainError) || err.code !== ERROR_CODES.shopifyScopeMissing) return;
  const scope = scopeNamedIn(err.message);
  return scope && isOptionalTaskScope('payments', scope) ? scope : undefined;
}
