import { DynamicModule, Module } from '@nestjs/common';
import { JobsModule } from '@shopsync/shared';
import { ErpFeedsController } from './erp-feeds.controller';
import { ErpFeedsService, FEED_SETTLE_MS } from './erp-feeds.service';
import { ErpOrdersRepository } from './erp-orders.repository';

// The feeds of sales orders, payments and customers for the ERP.
@Module({})
export class ErpFeedsModule {
  static forRoot(options: { settleMs: number }): DynamicModule {
    return {
      module: ErpFeedsModule,
      imports: [JobsModule],
      controllers: [ErpFeedsController],
      providers: [
        ErpOrdersRepository,
        ErpFeedsService,
        { provide: FEED_SETTLE_MS, useValue: options.settleMs },
      ],
    };
  }
}
