import { Controller, Logger, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { parseContract, RpcPassthroughFilter, SyncCommandV1, TOPICS } from '@shopsync/shared';
import { SyncRequestsService } from '../syncs/sync-requests.service';

// Kafka producers request syncs here. An invalid command, or one for an unknown shop, goes to
// the DLQ with the reason (the transport does that for permanent errors).
@Controller()
@UseFilters(RpcPassthroughFilter)
export class SyncCommandConsumer {
  private readonly logger = new Logger(SyncCommandConsumer.name);

  constructor(private readonly requests: SyncRequestsService) {}

  @EventPattern(TOPICS.syncCommands)
  async onCommand(@Payload() raw: unknown): Promise<void> {
    const command = await parseContract(SyncCommandV1, raw);
    const outcome = await this.requests.request({
      shopCode: command.shop,
      task: command.task,
      params: command.params,
      trigger: 'kafka',
      idempotencyKey: command.idempotencyKey,
      timeoutSeconds: command.timeoutSeconds,
      notBefore: command.notBefore,
      expiresAt: command.expiresAt,
    });
    this.logger.log({
      msg: 'sync command accepted',
      jobId: outcome.job.id,
      shop: command.shop,
      task: command.task,
      created: outcome.created,
    });
  }
}
