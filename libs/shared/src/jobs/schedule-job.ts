import type { JobEntity } from '../database/entities/job.entity';
import type { ScheduleEntity } from '../database/entities/schedule.entity';
import type { ShopEntity } from '../database/entities/shop.entity';
import type { JobTrigger } from '../domain/tasks';
import { categoryOf, newJob, orderingOf } from './new-job';

// The job a schedule asks for: fired by the scheduler (trigger `schedule`, with its occurrence)
// or by run-now in the gateway (trigger `manual`, no occurrence). Both carry the schedule id.
export function jobForSchedule(
  schedule: ScheduleEntity,
  shop: Pick<ShopEntity, 'id' | 'categoryMap' | 'settings'>,
  trigger: JobTrigger,
  occurrenceAt: Date | null,
  now: Date,
): JobEntity {
  return newJob({
    shopId: shop.id,
    task: schedule.task,
    category: categoryOf(shop, schedule.task),
    ordering: orderingOf(shop, schedule.task),
    trigger,
    now,
    params: schedule.params,
    maxAttempts: schedule.maxAttempts,
    rerunDelaySeconds: schedule.rerunDelaySeconds,
    scheduleId: schedule.id,
    occurrenceAt,
  });
}
