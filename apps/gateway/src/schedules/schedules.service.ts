import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  CLOCK,
  Clock,
  describeOccurrence,
  DomainError,
  ERROR_CODES,
  FieldError,
  jobForSchedule,
  JobEntity,
  JobsRepository,
  JsonObject,
  nextOccurrences,
  ScheduleEntity,
  ScheduleOccurrenceEntity,
  ShopEntity,
  ShopsRepository,
  taskParamsErrors,
  validateRecurrence,
  ValidationFailed,
  type JobStatus,
  type Recurrence,
} from '@shopsync/shared';
import { jobRequestedLine } from '../common/job-requested.log';
import { CreateScheduleDto } from './dto/create-schedule.dto';
import { UpdateScheduleDto } from './dto/update-schedule.dto';
import { ScheduleConflict, ScheduleNotFound } from './schedule.errors';
import { firstRunAt } from './schedule-timing';
import { SchedulePatch, SchedulesRepository } from './schedules.repository';

const DEFAULT_CATCH_UP_WINDOW_SECONDS = 3600;
// Compare-and-set attempts against the scheduler advancing the same row.
const MAX_WRITE_ATTEMPTS = 5;

export interface OccurrencePreview {
  scheduleId: string;
  timeZone: string;
  status: string;
  items: Array<{ utc: string; local: string }>;
}

// Recurring job queue entries: validated here, fired by the scheduler. Every change after
// creation is a compare-and-set on the row's version, because the scheduler writes it too.
@Injectable()
export class SchedulesService {
  private readonly logger = new Logger(SchedulesService.name);

  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly shops: ShopsRepository,
    private readonly jobs: JobsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(shopCode: string, dto: CreateScheduleDto): Promise<ScheduleEntity> {
    const shop = await this.shop(shopCode);
    const now = this.clock.now();
    const recurrence = checkedRecurrence(dto.recurrence);
    const earliestStartAt = instant(dto.earliestStartAt);
    const expiresAt = instant(dto.expiresAt);
    checkSpan(earliestStartAt, expiresAt, now);
    checkParams(dto.task, dto.params);
    const status = dto.status ?? 'active';
    const schedule: ScheduleEntity = {
      id: randomUUID(),
      shopId: shop.id,
      task: dto.task,
      params: (dto.params ?? null) as JsonObject | null,
      recurrence,
      timeZone: recurrence.timeZone,
      status,
      maxAttempts: dto.maxAttempts ?? shop.defaultMaxAttempts,
      rerunDelaySeconds: dto.rerunDelaySeconds ?? shop.defaultRerunDelaySeconds,
      overlapPolicy: dto.overlapPolicy ?? 'skip',
      catchUpWindowSeconds: dto.catchUpWindowSeconds ?? DEFAULT_CATCH_UP_WINDOW_SECONDS,
      earliestStartAt,
      expiresAt,
      nextRunAt: null,
      lastScheduledAt: null,
      lastJobId: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    if (status === 'active') schedule.nextRunAt = firstRunAt(schedule, now);
    await this.schedules.insert(schedule);
    this.logger.log({
      msg: 'schedule created',
      scheduleId: schedule.id,
      shop: shop.code,
      task: schedule.task,
      nextRunAt: schedule.nextRunAt?.toISOString() ?? null,
    });
    return schedule;
  }

  async list(shopCode: string): Promise<ScheduleEntity[]> {
    const shop = await this.shop(shopCode);
    return this.schedules.listByShop(shop.id);
  }

  async get(id: string): Promise<ScheduleEntity> {
    const schedule = await this.schedules.findById(id);
    if (!schedule) throw new ScheduleNotFound(id);
    return schedule;
  }

  // A change to when it runs (recurrence, earliest start, expiry, resuming) applies from now:
  // the next run is recomputed, and occurrences in between are not caught up.
  update(id: string, dto: UpdateScheduleDto): Promise<ScheduleEntity> {
    return this.change(id, (current, now) => {
      const patch: SchedulePatch = {};
      if (dto.task !== undefined) patch.task = dto.task;
      if (dto.params !== undefined) patch.params = (dto.params ?? null) as JsonObject | null;
      // The parameters the schedule's jobs will have, for the task they will run.
      if (dto.task !== undefined || dto.params !== undefined)
        checkParams(
          patch.task ?? current.task,
          patch.params !== undefined ? patch.params : current.params,
        );
      if (dto.maxAttempts !== undefined) patch.maxAttempts = dto.maxAttempts;
      if (dto.rerunDelaySeconds !== undefined) patch.rerunDelaySeconds = dto.rerunDelaySeconds;
      if (dto.overlapPolicy !== undefined) patch.overlapPolicy = dto.overlapPolicy;
      if (dto.catchUpWindowSeconds !== undefined)
        patch.catchUpWindowSeconds = dto.catchUpWindowSeconds;
      if (dto.recurrence !== undefined) {
        patch.recurrence = checkedRecurrence(dto.recurrence);
        patch.timeZone = patch.recurrence.timeZone;
      }
      if (dto.earliestStartAt !== undefined) patch.earliestStartAt = instant(dto.earliestStartAt);
      if (dto.expiresAt !== undefined) patch.expiresAt = instant(dto.expiresAt);
      if (dto.status !== undefined) patch.status = dto.status;
      const next = { ...current, ...patch };
      if (dto.earliestStartAt !== undefined || dto.expiresAt !== undefined)
        checkSpan(next.earliestStartAt, next.expiresAt, now, dto.expiresAt !== undefined);
      const timingChanged =
        dto.recurrence !== undefined ||
        dto.earliestStartAt !== undefined ||
        dto.expiresAt !== undefined ||
        next.status !== current.status;
      if (timingChanged) patch.nextRunAt = next.status === 'active' ? firstRunAt(next, now) : null;
      return patch;
    });
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.schedules.remove(id);
    this.logger.log({ msg: 'schedule deleted', scheduleId: id });
  }

  pause(id: string): Promise<ScheduleEntity> {
    return this.update(id, { status: 'paused' });
  }

  resume(id: string): Promise<ScheduleEntity> {
    return this.update(id, { status: 'active' });
  }

  // One run now, outside the recurrence: trigger `manual`, linked to the schedule, no
  // occurrence. It ignores the overlap policy and on hold (it was asked for explicitly), and
  // becomes the schedule's latest job, so the policy sees it at the next occurrence.
  async runNow(id: string): Promise<JobEntity> {
    const current = await this.get(id);
    const shop = await this.shops.getById(current.shopId);
    if (!shop.enabled)
      throw new DomainError(ERROR_CODES.shopDisabled, `shop '${shop.code}' is disabled`);
    let job: JobEntity | undefined;
    await this.change(
      id,
      (latest, now) => {
        job = jobForSchedule(latest, shop, 'manual', null, now);
        return { lastJobId: job.id };
      },
      async (manager, now) => {
        if (!job) return;
        await this.jobs.requestRuns(
          manager,
          [
            {
              job,
              log: {
                message: `requested (manual, run-now of schedule ${id})`,
                data: { scheduleId: id },
              },
            },
          ],
          now,
        );
      },
    );
    if (!job) throw new ScheduleConflict(id);
    this.logger.log(jobRequestedLine(job, shop.code, { scheduleId: id }));
    return job;
  }

  // The next runs as the scheduler will fire them; for a paused schedule, as they would be if
  // it were resumed now.
  async occurrences(id: string, count: number): Promise<OccurrencePreview> {
    const s = await this.get(id);
    const first = s.status === 'active' ? s.nextRunAt : firstRunAt(s, this.clock.now());
    const runs = first ? [first, ...nextOccurrences(s.recurrence, first, count - 1)] : [];
    return {
      scheduleId: s.id,
      timeZone: s.timeZone,
      status: s.status,
      items: runs
        .filter((at) => s.expiresAt === null || at <= s.expiresAt)
        .map((at) => describeOccurrence(at, s.timeZone)),
    };
  }

  async history(
    id: string,
    limit: number,
    offset: number,
  ): Promise<{
    schedule: ScheduleEntity;
    items: ScheduleOccurrenceEntity[];
    statuses: Map<string, JobStatus>;
    total: number;
  }> {
    const schedule = await this.get(id);
    const page = await this.schedules.history(id, limit, offset);
    const jobIds = page.items.map((o) => o.jobId).filter((j): j is string => j !== null);
    return { schedule, ...page, statuses: await this.schedules.jobStatuses(jobIds) };
  }

  private async shop(code: string): Promise<ShopEntity> {
    return this.shops.getByCode(code);
  }

  private async change(
    id: string,
    build: (current: ScheduleEntity, now: Date) => SchedulePatch,
    alongside?: (manager: EntityManager, now: Date) => Promise<void>,
  ): Promise<ScheduleEntity> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await this.get(id);
      const now = this.clock.now();
      const patch: SchedulePatch = { ...build(current, now), updatedAt: now };
      const written = await this.schedules.transaction(async (manager) => {
        if (!(await this.schedules.updateIfVersion(manager, id, current.version, patch)))
          return false;
        await alongside?.(manager, now);
        return true;
      });
      if (written) return { ...current, ...patch, version: current.version + 1 };
    }
    throw new ScheduleConflict(id);
  }
}

function checkedRecurrence(input: unknown): Recurrence {
  const result = validateRecurrence(input, 'recurrence');
  if (!result.ok) throw new ValidationFailed(result.errors);
  return result.value;
}

function instant(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}

// The task's own parameters (params.since, params.skus, ...), as a job request checks them.
function checkParams(task: string, params: Record<string, unknown> | null | undefined): void {
  const errors = taskParamsErrors(task, params);
  if (errors.length) throw new ValidationFailed(errors);
}

function checkSpan(
  earliestStartAt: Date | null,
  expiresAt: Date | null,
  now: Date,
  expiryChanged = true,
): void {
  const errors: FieldError[] = [];
  if (expiresAt && expiryChanged && expiresAt <= now)
    errors.push({ field: 'expiresAt', message: 'must be in the future' });
  if (expiresAt && earliestStartAt && expiresAt <= earliestStartAt)
    errors.push({ field: 'expiresAt', message: 'must be after earliestStartAt' });
  if (errors.length) throw new ValidationFailed(errors);
}
