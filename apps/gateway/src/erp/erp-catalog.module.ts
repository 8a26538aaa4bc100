import { Module } from '@nestjs/common';
import { ErpCatalogRepository } from './erp-catalog.repository';
import { ErpCatalogService } from './erp-catalog.service';
import { ErpInboundConsumer } from './erp-inbound.consumer';
import { ErpItemsController } from './erp-items.controller';
import { ErpOrdersModule } from './erp-orders.module';
import { ErpStockController } from './erp-stock.controller';

// The ERP inbox for the catalog: items and stock over HTTP and Kafka.
@Module({
  imports: [ErpOrdersModule],
  controllers: [ErpItemsController, ErpStockController, ErpInboundConsumer],
  providers: [ErpCatalogRepository, ErpCatalogService],
  exports: [ErpCatalogService],
})
export class ErpCatalogModule {}
