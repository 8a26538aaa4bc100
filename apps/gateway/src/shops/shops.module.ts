import { Module } from '@nestjs/common';
import { JobsModule } from '@shopsync/shared';
import { ShopsController } from './shops.controller';
import { ShopsService } from './shops.service';
import { ShopVerifier } from './shop-verifier.service';
import { ShopVersionMetrics } from './shop-version.metrics';

@Module({
  imports: [JobsModule],
  controllers: [ShopsController],
  providers: [ShopsService, ShopVerifier, ShopVersionMetrics],
  exports: [ShopsService],
})
export class ShopsModule {}
