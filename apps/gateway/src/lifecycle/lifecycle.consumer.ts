import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  KeyedKafkaContext,
  parseContract,
  RpcPassthroughFilter,
  SyncLifecycleV1,
  TOPICS,
} from '@shopsync/shared';
import { JobEventsService } from './job-events.service';

@Controller()
@UseFilters(RpcPassthroughFilter)
export class LifecycleConsumer {
  constructor(private readonly events: JobEventsService) {}

  @EventPattern(TOPICS.syncLifecycle)
  async onLifecycle(@Payload() raw: unknown, @Ctx() ctx: KeyedKafkaContext): Promise<void> {
    // Every instance reads every job's events; one nobody here waits for or streams is not
    // validated or fanned out (that was about 4 % of the gateway's CPU in `bench:peers`).
    if (!this.events.wants((raw as { jobId?: unknown } | null)?.jobId)) return;
    const shopId = ctx.message.key?.split('/')[0];
    this.events.publish(await parseContract(SyncLifecycleV1, raw), shopId);
  }
}
