import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { Counter } from 'prom-client';
import { CLOCK, Clock, MetricsService } from '@shopsync/shared';
import { Ticker } from '../common/ticker';
import { RetentionSettings, SCHEDULER_CONFIG, SchedulerConfig } from '../config/scheduler-env';
import { retentionCutoffs } from './retention-cutoffs';
import { RetentionRepository } from './retention.repository';

// Bounds one tick, so a large backlog is worked off across ticks and the loop stays responsive.
const MAX_BATCHES_PER_TICK = 50;

export type PurgeCounts = Record<'jobs' | 'job_logs' | 'schedule_occurrences', number>;

// Deletes finished jobs (with their log lines and so their idempotency keys) and schedule
// occurrence history once past their retention age, in batches of at most RETENTION_BATCH rows.
// Every scheduler instance runs it; on PostgreSQL they skip each other's locked rows.
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private readonly ticker: Ticker;
  private readonly settings: RetentionSettings;
  private readonly purged?: Counter<'table'>;

  constructor(
    private readonly repository: RetentionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER_CONFIG) config: SchedulerConfig,
    @Optional() metrics?: MetricsService,
  ) {
    this.settings = config.retention;
    this.ticker = new Ticker('retention', this.settings.intervalMs, () => this.purge(), {
      firstDelayMs: this.settings.intervalMs,
      unref: true,
    });
    this.purged = metrics?.counter(
      'shopsync_retention_purged_total',
      'Rows deleted by retention, by table',
      ['table'],
    );
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ticker.stop();
  }

  // One tick: purges until nothing is left past its age or the tick's batch budget is spent.
  async purge(): Promise<PurgeCounts> {
    const cutoffs = retentionCutoffs(this.clock.now(), this.settings);
    const { batch } = this.settings;
    const counts: PurgeCounts = { jobs: 0, job_logs: 0, schedule_occurrences: 0 };
    let budget = MAX_BATCHES_PER_TICK;
    for (const { statuses, before } of cutoffs.jobs) {
      while (budget-- > 0) {
        const done = await this.repository.purgeJobs(statuses, before, batch);
        this.count(counts, 'jobs', done.jobs);
        this.count(counts, 'job_logs', done.logs);
        if (done.jobs < batch) break;
      }
    }
    while (budget-- > 0) {
      const done = await this.repository.purgeOccurrences(cutoffs.occurrencesBefore, batch);
      this.count(counts, 'schedule_occurrences', done);
      if (done < batch) break;
    }
    if (counts.jobs || counts.schedule_occurrences)
      this.logger.log({ msg: 'retention purged old rows', ...counts });
    return counts;
  }

  private count(counts: PurgeCounts, table: keyof PurgeCounts, n: number): void {
    counts[table] += n;
    if (n) this.purged?.inc({ table }, n);
  }
}
