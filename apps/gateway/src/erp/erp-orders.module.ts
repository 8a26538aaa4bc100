import { Module } from '@nestjs/common';
import { JobsModule } from '@shopsync/shared';
import { ErpCustomersController } from './erp-customers.controller';
import { ErpOrdersInboxService } from './erp-orders-inbox.service';
import { ErpOrdersRepository } from './erp-orders.repository';
import { ErpShipmentsController } from './erp-shipments.controller';

// The order side of the ERP API: the customers and shipments inbox (the feeds are ErpFeedsModule).
@Module({
  imports: [JobsModule],
  controllers: [ErpCustomersController, ErpShipmentsController],
  providers: [ErpOrdersRepository, ErpOrdersInboxService],
  exports: [ErpOrdersInboxService],
})
export class ErpOrdersModule {}
