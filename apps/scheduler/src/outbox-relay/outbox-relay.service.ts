import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutboxPublisher } from '@shopsync/shared';
import { Ticker } from '../common/ticker';
import { SCHEDULER_CONFIG, SchedulerConfig } from '../config/scheduler-env';

// Publishes what the gateway (or a worker) committed but could not publish: broker down,
// process killed between commit and send. Young rows are left to their writer for a moment.
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly ticker: Ticker;
  private lastPrune = 0;

  constructor(
    private readonly outbox: OutboxPublisher,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
  ) {
    this.ticker = new Ticker('outbox-relay', config.relayIntervalMs, () => this.relay());
  }

  async relay(): Promise<number> {
    const published = await this.outbox.flush(this.config.relayMinAgeMs);
    if (Date.now() - this.lastPrune > 60_000) {
      this.lastPrune = Date.now();
      await this.outbox.prune(24 * 3600_000);
    }
    return published;
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ticker.stop();
  }
}
