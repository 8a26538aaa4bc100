import { Injectable } from '@nestjs/common';
import { JobNotFound, JobsRepository, ShopsRepository } from '@shopsync/shared';
import { ScheduleNotFound } from '../schedules/schedule.errors';
import { SchedulesRepository } from '../schedules/schedules.repository';
import type { OwnedResource } from './shop-access';

// The one place that loads a resource to learn its shop, for routes that name it by id.
@Injectable()
export class ShopOwners {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly schedules: SchedulesRepository,
    private readonly shops: ShopsRepository,
  ) {}

  // The code of the shop the resource belongs to; its NotFound when there is none.
  async shopCodeOf(resource: OwnedResource, id: string): Promise<string> {
    const found =
      resource === 'job' ? await this.jobs.findById(id) : await this.schedules.findById(id);
    const shop = found ? await this.shops.findById(found.shopId) : null;
    if (!shop) throw resource === 'job' ? new JobNotFound(id) : new ScheduleNotFound(id);
    return shop.code;
  }
}
