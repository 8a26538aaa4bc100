import { Module } from '@nestjs/common';
import { JobsModule } from '@shopsync/shared';
import { ErpCustomersController } from './erp-customers.controller';
import { ErpFeedsController } from './erp-feeds.controller';
import { ErpFeedsService } from './erp-feeds.service';
import { ErpOrdersInboxService } from './erp-orders-inbox.service';
import { ErpOrdersRepository } from './erp-orders.repository';
import { ErpShipmentsController } from './erp-shipments.controller';

// The order side of the ERP API: the customers and shipments inbox, and the feeds of sales
// orders, payments and customers.
@Module({
  imports: [JobsModule],
  controllers: [ErpCustomersController, ErpShipmentsController, ErpFeedsController],
  providers: [ErpOrdersRepository, ErpOrdersInboxService, ErpFeedsService],
  exports: [ErpOrdersInboxService],
})
export class ErpOrdersModule {}
