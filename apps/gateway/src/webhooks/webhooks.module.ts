import { DynamicModule, Module } from '@nestjs/common';
import { JobsModule } from '@shopsync/shared';
import { ShopsModule } from '../shops/shops.module';
import { SyncRequestsModule } from '../syncs/sync-requests.module';
import { WebhookReceiptsRepository } from './webhook-receipts.repository';
import { WEBHOOK_RETENTION_DAYS, WebhooksService } from './webhooks.service';
import { WebhooksController } from './webhooks.controller';

@Module({})
export class WebhooksModule {
  static forRoot(options: { retentionDays: number }): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [JobsModule, ShopsModule, SyncRequestsModule],
      controllers: [WebhooksController],
      providers: [
        { provide: WEBHOOK_RETENTION_DAYS, useValue: options.retentionDays },
        WebhookReceiptsRepository,
        WebhooksService,
      ],
    };
  }
}
