import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, errorKind, ErpShipmentEntity, shopSettings } from '@shopsync/shared';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { FulfillmentOrderNode, planFulfillments } from './fulfillment-plan';
import { FULFILLMENT_CREATE, ORDER_FULFILLMENT_ORDERS } from './shipments.graphql';
import { ShipmentsRepository } from './shipments.repository';

// A shipment whose calls keep failing for transient reasons is given up after this many runs.
export const MAX_SHIPMENT_ATTEMPTS = 3;

interface FulfillmentOrdersResult {
  order: { id: string; fulfillmentOrders: { nodes: FulfillmentOrderNode[] } } | null;
}
interface FulfillmentCreateResult {
  fulfillmentCreate: {
    fulfillment: { id: string; status: string } | null;
    userErrors: Array<{ field: string[] | null; message: string }>;
  };
}

type Outcome =
  | { status: 'fulfilled'; fulfillmentIds: string[] }
  | { status: 'failed'; fulfillmentIds: string[]; reason: string };

// Each pending ERP shipment → Shopify fulfillments (one per location, with its lines and the
// tracking, notifyCustomer per shop setting). Success stores the fulfillment ids; a refusal
// stores the reason and is final; transient failures are tried again on later runs, up to
// MAX_SHIPMENT_ATTEMPTS.
@Injectable()
export class ShipmentsHandler implements TaskHandler {
  readonly task = 'shipments' as const;

  constructor(
    private readonly shipments: ShipmentsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const shop = ctx.shop;
    const { notifyCustomer } = shopSettings(shop).shipments;
    const pending = await this.shipments.pending(shop.id);
    const client = ctx.shopify();
    const counts = { fulfilled: 0, failed: 0, deferred: 0, fulfillments: 0 };
    for (const [i, shipment] of pending.entries()) {
      ctx.throwIfCancelled();
      const attempts = shipment.attempts + 1;
      try {
        const outcome = await this.fulfil(client, shipment, notifyCustomer, ctx);
        await this.shipments.recordAttempt(shipment.id, {
          status: outcome.status,
          fulfillmentIds: outcome.fulfillmentIds.length ? outcome.fulfillmentIds : null,
          failureReason: outcome.status === 'failed' ? outcome.reason : null,
          attempts,
          updatedAt: this.clock.now(),
        });
        counts.fulfillments += outcome.fulfillmentIds.length;
        if (outcome.status === 'fulfilled') counts.fulfilled++;
        else {
          counts.failed++;
          ctx.skip(shipment.number, outcome.reason);
        }
      } catch (error) {
        if (errorKind(error) === 'permanent' && !isShopifyError(error)) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        const giveUp = attempts >= MAX_SHIPMENT_ATTEMPTS || errorKind(error) === 'permanent';
        await this.shipments.recordAttempt(shipment.id, {
          status: giveUp ? 'failed' : 'pending',
          failureReason: giveUp ? `gave up after ${attempts} attempt(s): ${reason}` : reason,
          attempts,
          updatedAt: this.clock.now(),
        });
        if (giveUp) {
          counts.failed++;
          ctx.skip(shipment.number, reason);
        } else counts.deferred++;
      }
      ctx.progress(i + 1, pending.length);
    }
    return { summary: { ...counts, pending: pending.length, shopify: client.stats } };
  }

  private async fulfil(
    client: ShopifyGraphql,
    shipment: ErpShipmentEntity,
    notifyCustomer: boolean,
    ctx: TaskContext,
  ): Promise<Outcome> {
    const found = await client.request<FulfillmentOrdersResult>(
      ORDER_FULFILLMENT_ORDERS,
      { id: shipment.shopifyOrderId },
      { operationName: 'OrderFulfillmentOrders', signal: ctx.signal },
    );
    if (!found.order)
      return {
        status: 'failed',
        fulfillmentIds: [],
        reason: `order ${shipment.shopifyOrderId} does not exist in Shopify`,
      };
    const plan = planFulfillments(
      found.order.fulfillmentOrders.nodes,
      shipment.lines,
      shipment.locationId,
    );
    if (plan.problems.length)
      return { status: 'failed', fulfillmentIds: [], reason: plan.problems.join('; ') };
    const trackingInfo =
      shipment.trackingNumber || shipment.trackingUrl || shipment.trackingCompany
        ? {
            company: shipment.trackingCompany,
            number: shipment.trackingNumber,
            url: shipment.trackingUrl,
          }
        : null;
    const ids: string[] = [];
    for (const f of plan.fulfillments) {
      const result = await client.request<FulfillmentCreateResult>(
        FULFILLMENT_CREATE,
        {
          fulfillment: {
            lineItemsByFulfillmentOrder: f.lineItemsByFulfillmentOrder,
            trackingInfo,
            notifyCustomer,
          },
        },
        { operationName: 'ShipmentFulfillmentCreate', signal: ctx.signal },
      );
      const { fulfillment, userErrors } = result.fulfillmentCreate;
      if (userErrors.length || !fulfillment)
        return {
          status: 'failed',
          fulfillmentIds: ids,
          reason: `Shopify refused the fulfillment at ${f.locationId}: ${
            userErrors.map((e) => e.message).join('; ') || 'no fulfillment returned'
          }`,
        };
      ids.push(fulfillment.id);
    }
    return { status: 'fulfilled', fulfillmentIds: ids };
  }
}

function isShopifyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SHOPIFY_') && code !== 'SHOPIFY_UNAUTHORIZED';
}
