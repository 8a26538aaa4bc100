import { DynamicModule, Module } from '@nestjs/common';
import { JobsModule } from '@shopsync/shared';
import { ErpConflictsController } from './erp-conflicts.controller';
import { ErpConflictsService } from './erp-conflicts.service';
import { ErpFeedsController } from './erp-feeds.controller';
import { ErpFeedsService, FEED_SETTLE_MS } from './erp-feeds.service';
import { ErpOrdersRepository } from './erp-orders.repository';

// The feeds of sales orders, credit memos, payments and customers for the ERP, and the
// acknowledging of sales documents' conflicts.
@Module({})
export class ErpFeedsModule {
  static forRoot(options: { settleMs: number }): DynamicModule {
    return {
      module: ErpFeedsModule,
      imports: [JobsModule],
      controllers: [ErpFeedsController, ErpConflictsController],
      providers: [
        ErpOrdersRepository,
        ErpFeedsService,
        ErpConflictsService,
        { provide: FEED_SETTLE_MS, useValue: options.settleMs },
      ],
    };
  }
}
