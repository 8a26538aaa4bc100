import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  errorKind,
  ErpShipmentEntity,
  shopSettings,
  ShipmentsSettingsV1,
} from '@shopsync/shared';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { readFulfillmentOrders } from './fulfillment-orders.reader';
import { planFulfillments } from './fulfillment-plan';
import { coveringFulfillments, fulfillmentsSince } from './landed-fulfillments';
import { FULFILLMENT_CREATE, FULFILLMENT_REQUEST_ACCEPT } from './shipments.graphql';
import { ShipmentsRepository } from './shipments.repository';
import { trackingInfoFor } from './tracking-info';

// A shipment whose calls keep failing for transient reasons is given up after this many runs.
export const MAX_SHIPMENT_ATTEMPTS = 3;

interface FulfillmentCreateResult {
  fulfillmentCreate: {
    fulfillment: { id: string; status: string } | null;
    userErrors: Array<{ field: string[] | null; message: string }>;
  };
}
interface AcceptResult {
  fulfillmentOrderAcceptFulfillmentRequest: {
    fulfillmentOrder: { id: string } | null;
    userErrors: Array<{ field: string[] | null; message: string }>;
  };
}

type Outcome =
  | { status: 'fulfilled'; accepted: number }
  | { status: 'failed'; accepted: number; reason: string }
  | { status: 'waiting'; reason: string };

interface Progress {
  fulfillmentIds: string[];
  sentQuantities: number[];
}

const refusal = (userErrors: Array<{ message: string }>, fallback: string) =>
  userErrors.map((e) => e.message).join('; ') || fallback;

// Each pending ERP shipment → Shopify fulfillments (per location, at most 250 line items per
// call, with the tracking, notifyCustomer per shop setting). Success stores the fulfillment ids;
// a refusal stores the reason and is final; transient failures are tried again on later runs,
// up to MAX_SHIPMENT_ATTEMPTS, sending only what earlier calls did not. A shipment whose lines
// wait for a fulfillment service to accept is skipped (reported) and stays pending.
@Injectable()
export class ShipmentsHandler implements TaskHandler {
  readonly task = 'shipments' as const;

  constructor(
    private readonly shipments: ShipmentsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const shop = ctx.shop;
    const settings = shopSettings(shop).shipments;
    const pending = await this.shipments.pending(shop.id);
    const client = ctx.shopify();
    const counts = { fulfilled: 0, failed: 0, deferred: 0, waiting: 0, accepted: 0 };
    let fulfillments = 0;
    for (const [i, shipment] of pending.entries()) {
      ctx.throwIfCancelled();
      const attempts = shipment.attempts + 1;
      const progress: Progress = {
        fulfillmentIds: [...(shipment.fulfillmentIds ?? [])],
        sentQuantities: shipment.lines.map((_, j) => shipment.sentQuantities?.[j] ?? 0),
      };
      const before = progress.fulfillmentIds.length;
      try {
        const outcome = await this.fulfil(client, shipment, settings, progress, ctx);
        if (outcome.status === 'waiting') {
          // Not an attempt: nothing was wrong, the fulfillment service has yet to accept.
          counts.waiting++;
          ctx.skip(shipment.number, outcome.reason);
        } else {
          counts.accepted += outcome.accepted;
          await this.shipments.recordAttempt(shipment.id, {
            status: outcome.status,
            failureReason: outcome.status === 'failed' ? outcome.reason : null,
            attempts,
            updatedAt: this.clock.now(),
          });
          if (outcome.status === 'fulfilled') counts.fulfilled++;
          else {
            counts.failed++;
            ctx.skip(shipment.number, outcome.reason);
          }
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
      fulfillments += progress.fulfillmentIds.length - before;
      ctx.progress(i + 1, pending.length);
    }
    return {
      summary: { ...counts, fulfillments, pending: pending.length, shopify: client.stats },
    };
  }

  // Accepts the pending requests the plan needs, then sends its calls, storing the progress
  // after each so a later attempt sends only the rest.
  private async fulfil(
    client: ShopifyGraphql,
    shipment: ErpShipmentEntity,
    settings: ShipmentsSettingsV1,
    progress: Progress,
    ctx: TaskContext,
  ): Promise<Outcome> {
    const orders = await readFulfillmentOrders(client, shipment.shopifyOrderId, ctx.signal);
    if (!orders)
      return {
        status: 'failed',
        accepted: 0,
        reason: `order ${shipment.shopifyOrderId} does not exist in Shopify`,
      };
    const plan = planFulfillments(orders, shipment.lines, {
      locationId: shipment.locationId,
      acceptRequests: settings.acceptFulfillmentRequests,
      sent: progress.sentQuantities,
    });
    if (plan.kind === 'refused') {
      // Its lines may be fulfilled by a call whose answer never came back (a later run).
      if (await this.adoptLanded(client, shipment, progress, ctx))
        return { status: 'fulfilled', accepted: 0 };
      return { status: 'failed', accepted: 0, reason: plan.problems.join('; ') };
    }
    if (plan.kind === 'waiting') return { status: 'waiting', reason: plan.reasons.join('; ') };
    let accepted = 0;
    for (const id of plan.accept) {
      const result = await client.request<AcceptResult>(
        FULFILLMENT_REQUEST_ACCEPT,
        { id, message: `shopsync: shipment ${shipment.number}` },
        { operationName: 'ShipmentAcceptFulfillmentRequest', signal: ctx.signal },
      );
      const { fulfillmentOrder, userErrors } = result.fulfillmentOrderAcceptFulfillmentRequest;
      if (userErrors.length || !fulfillmentOrder)
        return {
          status: 'failed',
          accepted,
          reason: `Shopify refused to accept the fulfillment request of ${id}: ${refusal(userErrors, 'no fulfillment order returned')}`,
        };
      accepted++;
    }
    const trackingInfo = trackingInfoFor(shipment, settings);
    for (const call of plan.calls) {
      const result = await client.request<FulfillmentCreateResult>(
        FULFILLMENT_CREATE,
        {
          fulfillment: {
            lineItemsByFulfillmentOrder: call.lineItemsByFulfillmentOrder,
            trackingInfo,
            notifyCustomer: settings.notifyCustomer,
          },
        },
        { operationName: 'ShipmentFulfillmentCreate', signal: ctx.signal },
      );
      const { fulfillment, userErrors } = result.fulfillmentCreate;
      // A refusal after the client sent the call again (its first answer lost on the way) may
      // be Shopify saying the lines are fulfilled already: by that first call.
      if (
        (userErrors.length || !fulfillment) &&
        (await this.adoptLanded(client, shipment, progress, ctx))
      )
        return { status: 'fulfilled', accepted };
      if (userErrors.length || !fulfillment)
        return {
          status: 'failed',
          accepted,
          reason: `Shopify refused the fulfillment at ${call.locationId}: ${refusal(userErrors, 'no fulfillment returned')}`,
        };
      progress.fulfillmentIds.push(fulfillment.id);
      for (const s of call.sent) progress.sentQuantities[s.line] += s.quantity;
      await this.shipments.recordProgress(shipment.id, progress, this.clock.now());
    }
    return { status: 'fulfilled', accepted };
  }

  // The fulfillments made since the shipment was posted that hold all it has left to send
  // become its own (see coveringFulfillments); true when they were found.
  private async adoptLanded(
    client: ShopifyGraphql,
    shipment: ErpShipmentEntity,
    progress: Progress,
    ctx: TaskContext,
  ): Promise<boolean> {
    const found = await fulfillmentsSince(
      client,
      shipment.shopifyOrderId,
      shipment.createdAt,
      ctx.signal,
    );
    const ids = coveringFulfillments(
      shipment.lines,
      progress.sentQuantities,
      found,
      progress.fulfillmentIds,
    );
    if (!ids) return false;
    progress.fulfillmentIds.push(...ids);
    progress.sentQuantities = shipment.lines.map((l) => l.quantity);
    await this.shipments.recordProgress(shipment.id, progress, this.clock.now());
    await ctx.log(
      'warn',
      `shipment ${shipment.number}: its lines were fulfilled already, by ${ids.join(', ')} (made since it was posted: an earlier attempt whose answer was lost, or by hand in Shopify); recorded as its fulfillments`,
      { shipment: shipment.number, fulfillmentIds: ids },
    );
    return true;
  }
}

function isShopifyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SHOPIFY_') && code !== 'SHOPIFY_UNAUTHORIZED';
}
