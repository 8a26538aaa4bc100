import { Injectable } from '@nestjs/common';
import { JobNotFound, JobsRepository, ShopsRepository } from '@shopsync/shared';
import { SalesOrderNotFound } from '../erp/erp.errors';
import { ErpOrdersRepository } from '../erp/erp-orders.repository';
import { ScheduleNotFound } from '../schedules/schedule.errors';
import { SchedulesRepository } from '../schedules/schedules.repository';
import type { OwnedResource } from './shop-access';

// The one place that loads a resource to learn its shop, for routes that name it by id.
@Injectable()
export class ShopOwners {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly schedules: SchedulesRepository,
    private readonly erpOrders: ErpOrdersRepository,
    private readonly shops: ShopsRepository,
  ) {}

  // The code of the shop the resource belongs to; its NotFound when there is none.
  async shopCodeOf(resource: OwnedResource, id: string): Promise<string> {
    const found = await this.find(resource, id);
    const shop = found ? await this.shops.findById(found.shopId) : null;
    if (!shop) throw notFound(resource, id);
    return shop.code;
  }

  private async find(resource: OwnedResource, id: string): Promise<{ shopId: string } | null> {
    switch (resource) {
      case 'job':
        return this.jobs.findById(id);
      case 'schedule':
        return this.schedules.findById(id);
      case 'sales-order':
        return this.erpOrders.findSalesOrder(id);
    }
  }
}

function notFound(resource: OwnedResource, id: string): Error {
  switch (resource) {
    case 'job':
      return new JobNotFound(id);
    case 'schedule':
      return new ScheduleNotFound(id);
    case 'sales-order':
      return new SalesOrderNotFound(id);
  }
}
