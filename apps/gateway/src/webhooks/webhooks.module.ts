import { DynamicModule, Module } from '@nestjs/common';
import { JobsModule } from '@shopsync/shared';
import { ShopsModule } from '../shops/shops.module';
import { SyncRequestsService } from '../syncs/sync-requests.service';
import { WebhookReceiptsRepository } from './webhook-receipts.repository';
import { WEBHOOK_RETENTION_DAYS, WebhooksService } from './webhooks.service';
import { WebhooksController } from './webhooks.controller';

// SyncRequestsService is stateless (its collaborators are shared singletons), so this module
// provides it for itself instead of reaching into the root module.
@Module({})
export class WebhooksModule {
  static forRoot(options: { retentionDays: number }): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [JobsModule, ShopsModule],
      controllers: [WebhooksController],
      providers: [
        { provide: WEBHOOK_RETENTION_DAYS, useValue: options.retentionDays },
        WebhookReceiptsRepository,
        WebhooksService,
        SyncRequestsService,
      ],
    };
  }
}
