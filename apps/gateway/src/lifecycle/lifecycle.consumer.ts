import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { parseContract, RpcPassthroughFilter, SyncLifecycleV1, TOPICS } from '@shopsync/shared';
import { JobEventsService } from './job-events.service';

@Controller()
@UseFilters(RpcPassthroughFilter)
export class LifecycleConsumer {
  constructor(private readonly events: JobEventsService) {}

  @EventPattern(TOPICS.syncLifecycle)
  async onLifecycle(@Payload() raw: unknown): Promise<void> {
    this.events.publish(await parseContract(SyncLifecycleV1, raw));
  }
}
