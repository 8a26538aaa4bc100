import { Controller, Logger, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { parseErpInbound, RpcPassthroughFilter, TOPICS } from '@shopsync/shared';
import { ErpCatalogService } from './erp-catalog.service';
import { ErpOrdersInboxService } from './erp-orders-inbox.service';

// shopsync.erp.inbound.v1: one ERP record per message, `{entity, data}`. An invalid one (bad
// envelope, bad data, a rule of the batch) goes to the DLQ with the reason via the transport.
// Each entity has one case below.
@Controller()
@UseFilters(RpcPassthroughFilter)
export class ErpInboundConsumer {
  private readonly logger = new Logger(ErpInboundConsumer.name);

  constructor(
    private readonly catalog: ErpCatalogService,
    private readonly orders: ErpOrdersInboxService,
  ) {}

  @EventPattern(TOPICS.erpInbound)
  async onRecord(@Payload() raw: unknown): Promise<void> {
    const message = await parseErpInbound(raw);
    switch (message.entity) {
      case 'item':
        await this.catalog.upsertItems([message.data], 'data');
        break;
      case 'stock':
        await this.catalog.upsertStock([message.data], 'data');
        break;
      case 'customer':
        await this.orders.upsertCustomers([message.data], 'data');
        break;
      case 'shipment':
        await this.orders.postShipments([message.data], 'data');
        break;
    }
    this.logger.log({ msg: 'erp record stored', entity: message.entity });
  }
}
