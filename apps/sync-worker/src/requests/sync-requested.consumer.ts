import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  KeyedKafkaContext,
  parseContract,
  RpcPassthroughFilter,
  SyncRequestedV1,
  TOPICS,
} from '@shopsync/shared';
import { JobRunner } from '../runner/job-runner.service';

// Thin: validate the contract (an invalid message goes to the DLQ), hand it to the runner.
@Controller()
@UseFilters(RpcPassthroughFilter)
export class SyncRequestedConsumer {
  constructor(private readonly runner: JobRunner) {}

  @EventPattern(TOPICS.syncRequested)
  async onSyncRequested(@Payload() raw: unknown, @Ctx() ctx: KeyedKafkaContext): Promise<void> {
    const message = await parseContract(SyncRequestedV1, raw);
    await this.runner.run(message, ctx.signal);
  }
}
