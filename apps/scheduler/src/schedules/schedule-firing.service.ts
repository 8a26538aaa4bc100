import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { Histogram } from 'prom-client';
import {
  CLOCK,
  Clock,
  jobForSchedule,
  JobsRepository,
  MetricsService,
  recordNotification,
  type JobStatus,
  type RunRequest,
  type ScheduleEntity,
  type ShopEntity,
} from '@shopsync/shared';
import { EntityManager } from 'typeorm';
import { Ticker } from '../common/ticker';
import { SCHEDULER_CONFIG, SchedulerConfig } from '../config/scheduler-env';
import {
  AdvancePatch,
  isUniqueViolation,
  OccurrenceRow,
  ScheduleClaimsRepository,
} from './schedule-claims.repository';
import { overlapDecision, planOccurrences, type OverlapDecision } from './schedule-plan';

export interface FiringStats {
  // Schedules worked on (claimed and advanced).
  schedules: number;
  // Jobs created (outcomes fired and buffered).
  jobs: number;
  skipped: number;
  missed: number;
  // Occurrences another scheduler had already fired (the unique index refused a second job).
  alreadyFired: number;
  // Schedules edited while being worked on, left for the next tick.
  stale: number;
  failed: number;
}

// Bounds one tick, so a backlog is worked off across ticks rather than in one long loop.
const MAX_BATCHES_PER_TICK = 20;
// Run requests per insert when a batch fires together (a job row has about 30 columns; SQLite
// takes 32,766 parameters per statement).
const REQUESTS_PER_INSERT = 200;

class StaleSchedule extends Error {}

// A committed firing's log events and counts, added to the tick's.
function account(
  firing: Firing,
  events: LogEvent[],
  counts: Pick<FiringStats, 'jobs' | 'skipped' | 'missed'>,
): void {
  events.push(...firing.events);
  counts.jobs += firing.counts.jobs;
  counts.skipped += firing.counts.skipped;
  counts.missed += firing.counts.missed;
}

type LogEvent = Record<string, unknown> & { msg: string; level: 'log' | 'warn' };

interface FiringContext {
  manager: EntityManager;
  // Logged once the work is committed.
  events: LogEvent[];
  now: Date;
  shop: ShopEntity | undefined;
  latestJob: { id: string; status: JobStatus } | null;
  alreadyFired: boolean;
  stats: FiringStats;
}

// What firing one schedule writes, worked out before anything is written.
interface Firing {
  request: RunRequest | null;
  rows: OccurrenceRow[];
  missed: Array<{ at: Date; reason: string }>;
  advance: AdvancePatch;
  events: LogEvent[];
  counts: Pick<FiringStats, 'jobs' | 'skipped' | 'missed'>;
}

// Guarantee 5: each occurrence of a schedule fires exactly once, without drift. A tick claims
// the due schedules and, per schedule in one transaction, records what became of each due
// occurrence, creates the job with its outbox row, and advances nextRunAt from the scheduled
// time. Any number of schedulers may tick at once (row locks with SKIP LOCKED; the unique
// index on jobs(scheduleId, occurrenceAt) is the last line of defence). A batch is first
// written together (one statement per table, not seven round trips per schedule); anything
// unusual rolls that back and fires the batch one schedule at a time.
@Injectable()
export class ScheduleFiringService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduleFiringService.name);
  private readonly ticker: Ticker;

  constructor(
    private readonly claims: ScheduleClaimsRepository,
    private readonly jobs: JobsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    @Optional() metrics?: MetricsService,
  ) {
    this.ticker = new Ticker('schedule-firing', config.tickMs, () => this.tick());
    this.lateness = metrics?.histogram(
      'shopsync_schedule_lateness_seconds',
      'How late an occurrence fired after its scheduled time',
      ['task'],
      [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30, 60, 300],
    );
  }

  private readonly lateness?: Histogram<'task'>;

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ticker.stop();
  }

  async tick(): Promise<FiringStats> {
    const stats: FiringStats = {
      schedules: 0,
      jobs: 0,
      skipped: 0,
      missed: 0,
      alreadyFired: 0,
      stale: 0,
      failed: 0,
    };
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
      const now = this.clock.now();
      const events: LogEvent[] = [];
      const claimed = await this.claims.transaction((manager) =>
        this.fireBatch(manager, now, stats, events),
      );
      for (const { level, ...event } of events) {
        this.logger[level](event);
        if (this.lateness && event.jobId && typeof event.occurrenceAt === 'string') {
          const late = (now.getTime() - new Date(event.occurrenceAt).getTime()) / 1000;
          this.lateness.observe({ task: String(event.task) }, Math.max(0, late));
        }
      }
      if (claimed < this.config.scheduleBatchSize) break;
    }
    return stats;
  }

  private async fireBatch(
    manager: EntityManager,
    now: Date,
    stats: FiringStats,
    events: LogEvent[],
  ): Promise<number> {
    const due = await this.claims.claimDue(manager, now, this.config.scheduleBatchSize);
    if (!due.length) return 0;
    const shops = await this.claims.shops(manager, [...new Set(due.map((s) => s.shopId))]);
    const latestIds = due.map((s) => s.lastJobId).filter((id): id is string => id !== null);
    const statuses = await this.claims.jobStatuses(manager, latestIds);
    const contextOf = (schedule: ScheduleEntity): FiringContext => {
      const status = schedule.lastJobId ? statuses.get(schedule.lastJobId) : undefined;
      return {
        manager,
        events,
        now,
        shop: shops.get(schedule.shopId),
        latestJob: schedule.lastJobId && status ? { id: schedule.lastJobId, status } : null,
        alreadyFired: false,
        stats,
      };
    };
    if (await this.fireTogether(due, contextOf, manager, now)) return due.length;
    for (const schedule of due) await this.fireIsolated(schedule, contextOf(schedule));
    return due.length;
  }

  // The common case in one go, in a savepoint: every schedule's jobs (with their outbox rows and
  // log lines) and occurrence records inserted together, the schedules advanced with one
  // compare-and-set statement. An occurrence another scheduler already fired (the unique index),
  // a schedule edited meanwhile, or any other failure rolls all of it back, and the caller fires
  // the batch one schedule at a time, which deals with each of those on its own. False then.
  private async fireTogether(
    due: ScheduleEntity[],
    contextOf: (schedule: ScheduleEntity) => FiringContext,
    outer: EntityManager,
    now: Date,
  ): Promise<boolean> {
    const firings: Firing[] = [];
    try {
      await outer.transaction(async (manager) => {
        for (const schedule of due) {
          const firing = this.plan(schedule, contextOf(schedule));
          if (firing.missed.length) await this.notifyMissed(manager, schedule, firing.missed, now);
          firings.push(firing);
        }
        const requests = firings.flatMap((f) => (f.request ? [f.request] : []));
        for (let i = 0; i < requests.length; i += REQUESTS_PER_INSERT)
          await this.jobs.requestRuns(manager, requests.slice(i, i + REQUESTS_PER_INSERT), now);
        await this.claims.recordOccurrences(
          manager,
          firings.flatMap((f) => f.rows),
        );
        const advanced = await this.claims.advanceMany(
          manager,
          due.map((schedule, i) => ({ schedule, patch: firings[i].advance })),
        );
        if (advanced < due.length) throw new StaleSchedule();
      });
    } catch (error) {
      if (!(error instanceof StaleSchedule) && !isUniqueViolation(error))
        this.logger.warn({
          msg: 'batch could not fire together; firing its schedules one by one',
          schedules: due.length,
          error: error instanceof Error ? error.message : String(error),
        });
      return false;
    }
    const { events, stats } = contextOf(due[0]);
    for (const firing of firings) account(firing, events, stats);
    stats.schedules += due.length;
    return true;
  }

  // One schedule in a savepoint: its failure rolls back its own work only.
  private async fireIsolated(schedule: ScheduleEntity, context: FiringContext): Promise<void> {
    const attempt = async (alreadyFired: boolean): Promise<void> => {
      const events: LogEvent[] = [];
      const counts = { jobs: 0, skipped: 0, missed: 0 };
      await context.manager.transaction((manager) =>
        this.fireOne(schedule, { ...context, manager, alreadyFired, events }, counts),
      );
      context.events.push(...events);
      context.stats.jobs += counts.jobs;
      context.stats.skipped += counts.skipped;
      context.stats.missed += counts.missed;
    };
    try {
      try {
        await attempt(false);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        context.stats.alreadyFired++;
        context.events.push({
          level: 'warn',
          msg: 'occurrence already fired; advancing without a second job',
          scheduleId: schedule.id,
        });
        await attempt(true);
      }
      context.stats.schedules++;
    } catch (error) {
      if (error instanceof StaleSchedule) {
        context.stats.stale++;
        return;
      }
      context.stats.failed++;
      this.logger.error({
        msg: 'schedule could not fire; trying again next tick',
        scheduleId: schedule.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async fireOne(
    schedule: ScheduleEntity,
    context: FiringContext,
    counts: Pick<FiringStats, 'jobs' | 'skipped' | 'missed'>,
  ): Promise<void> {
    const { manager, now, events } = context;
    const firing = this.plan(schedule, context);
    if (firing.request) await this.jobs.requestRuns(manager, [firing.request], now);
    if (firing.missed.length) await this.notifyMissed(manager, schedule, firing.missed, now);
    await this.claims.recordOccurrences(manager, firing.rows);
    const advanced = await this.claims.advance(manager, schedule, firing.advance);
    if (!advanced) throw new StaleSchedule();
    account(firing, events, counts);
  }

  // What became of each due occurrence of a schedule, the job to create and how to advance it.
  private plan(schedule: ScheduleEntity, context: FiringContext): Firing {
    const { now } = context;
    const plan = planOccurrences(schedule, now, this.config.misfireGraceMs);
    const counts = { jobs: 0, skipped: 0, missed: plan.missed.length };
    const events: LogEvent[] = [];
    const rows: OccurrenceRow[] = plan.missed.map((m) => ({
      scheduleId: schedule.id,
      occurrenceAt: m.at,
      outcome: 'missed',
      jobId: null,
      reason: m.reason,
      recordedAt: now,
    }));
    let lastJobId = schedule.lastJobId;
    let request: RunRequest | null = null;
    if (plan.run && !context.alreadyFired) {
      const decision = this.decide(schedule, context);
      let jobId: string | null = null;
      if (decision.outcome !== 'skipped' && context.shop) {
        const job = jobForSchedule(schedule, context.shop, 'schedule', plan.run, now);
        const occurrenceAt = plan.run.toISOString();
        request = {
          job,
          log: {
            message: `requested (schedule ${schedule.id}, occurrence ${occurrenceAt})`,
            data: { scheduleId: schedule.id, occurrenceAt },
          },
        };
        jobId = lastJobId = job.id;
        counts.jobs++;
      } else counts.skipped++;
      rows.push({
        scheduleId: schedule.id,
        occurrenceAt: plan.run,
        outcome: decision.outcome,
        jobId,
        reason: decision.reason,
        recordedAt: now,
      });
      events.push({
        level: 'log',
        msg: `schedule occurrence ${decision.outcome}`,
        scheduleId: schedule.id,
        jobId,
        shop: context.shop?.code,
        task: schedule.task,
        occurrenceAt: plan.run.toISOString(),
        reason: decision.reason ?? undefined,
      });
    }
    if (plan.missed.length)
      events.push({
        level: 'warn',
        msg: 'schedule occurrences missed',
        scheduleId: schedule.id,
        count: plan.missed.length,
        first: plan.missed[0].at.toISOString(),
        last: plan.missed[plan.missed.length - 1].at.toISOString(),
      });
    return {
      request,
      rows,
      missed: plan.missed,
      advance: {
        nextRunAt: plan.nextRunAt,
        lastScheduledAt: plan.latest ?? schedule.lastScheduledAt,
        lastJobId,
        updatedAt: now,
      },
      events,
      counts,
    };
  }

  // One schedule.missed event per firing, however many occurrences it missed (after a long
  // downtime that may be thousands), in the transaction that records them.
  private async notifyMissed(
    manager: EntityManager,
    schedule: ScheduleEntity,
    missed: Array<{ at: Date; reason: string }>,
    now: Date,
  ): Promise<void> {
    const first = missed[0].at.toISOString();
    const last = missed[missed.length - 1].at.toISOString();
    await recordNotification(manager, {
      shopId: schedule.shopId,
      type: 'schedule.missed',
      key: `schedule.missed/${schedule.id}/${first}/${last}`,
      at: now,
      data: {
        scheduleId: schedule.id,
        task: schedule.task,
        count: missed.length,
        first,
        last,
        reason: missed[0].reason,
      },
    });
  }

  private decide(schedule: ScheduleEntity, context: FiringContext): OverlapDecision {
    if (!context.shop) return { outcome: 'skipped', reason: 'the shop no longer exists' };
    if (!context.shop.enabled)
      return { outcome: 'skipped', reason: `shop '${context.shop.code}' is disabled` };
    return overlapDecision(schedule.overlapPolicy, context.latestJob);
  }
}
