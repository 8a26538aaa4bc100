import { Module } from '@nestjs/common';
import { JobsModule, ShopWebhooksRepository } from '@shopsync/shared';
import { ShopsController } from './shops.controller';
import { ShopViews } from './shop-views.service';
import { ShopsService } from './shops.service';
import { ShopVerifier } from './shop-verifier.service';
import { ShopVersionMetrics } from './shop-version.metrics';

@Module({
  imports: [JobsModule],
  controllers: [ShopsController],
  providers: [ShopsService, ShopVerifier, ShopVersionMetrics, ShopViews, ShopWebhooksRepository],
  exports: [ShopsService],
})
export class ShopsModule {}
