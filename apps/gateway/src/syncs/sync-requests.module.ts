import { Module } from '@nestjs/common';
import { JobsModule } from '@shopsync/shared';
import { ShopsModule } from '../shops/shops.module';
import { SyncRequestsService } from './sync-requests.service';

// One SyncRequestsService per process: it batches the writes of every caller (HTTP, webhooks,
// Kafka commands), so all of them share it.
@Module({
  imports: [JobsModule, ShopsModule],
  providers: [SyncRequestsService],
  exports: [SyncRequestsService],
})
export class SyncRequestsModule {}
