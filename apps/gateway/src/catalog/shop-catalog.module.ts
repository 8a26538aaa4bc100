import { Module } from '@nestjs/common';
import { JobsModule } from '@shopsync/shared';
import { ShopCatalogController } from './shop-catalog.controller';
import { ShopCatalogRepository } from './shop-catalog.repository';
import { ShopCatalogService } from './shop-catalog.service';

// A shop's catalog (ERP items added to it) and its locations.
@Module({
  imports: [JobsModule],
  controllers: [ShopCatalogController],
  providers: [ShopCatalogRepository, ShopCatalogService],
})
export class ShopCatalogModule {}
