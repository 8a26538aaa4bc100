import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  FindOptionsOrder,
  FindOptionsWhere,
  In,
  MoreThan,
  ObjectLiteral,
  EntityTarget,
} from 'typeorm';
import {
  ErpCustomerEntity,
  ErpPaymentEntity,
  ErpSalesOrderEntity,
  ErpSalesOrderLineEntity,
  ErpShipmentEntity,
} from '@shopsync/shared';

export interface FeedPosition {
  at: Date;
  id: string;
}

export interface FeedPage<T> {
  rows: T[];
  last: FeedPosition | null;
}

// The order side's ERP tables as the gateway uses them: the inbox writes, the feeds read in a
// stable order (time, then id).
@Injectable()
export class ErpOrdersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  customersByNumber(numbers: string[]): Promise<ErpCustomerEntity[]> {
    return numbers.length
      ? this.ds.getRepository(ErpCustomerEntity).find({ where: { number: In(numbers) } })
      : Promise.resolve([]);
  }

  async saveCustomers(rows: ErpCustomerEntity[]): Promise<void> {
    if (!rows.length) return;
    await this.ds.transaction(async (em: EntityManager) => {
      for (let i = 0; i < rows.length; i += 200)
        await em.getRepository(ErpCustomerEntity).save(rows.slice(i, i + 200));
    });
  }

  shipmentsByNumber(shopId: string, numbers: string[]): Promise<ErpShipmentEntity[]> {
    return this.ds
      .getRepository(ErpShipmentEntity)
      .find({ where: { shopId, number: In(numbers) } });
  }

  async insertShipments(rows: ErpShipmentEntity[]): Promise<void> {
    if (!rows.length) return;
    await this.ds.transaction(async (em: EntityManager) => {
      for (let i = 0; i < rows.length; i += 200)
        await em.getRepository(ErpShipmentEntity).insert(rows.slice(i, i + 200));
    });
  }

  salesOrders(
    after: FeedPosition | null,
    limit: number,
    shopId?: string,
  ): Promise<FeedPage<ErpSalesOrderEntity>> {
    return this.page(ErpSalesOrderEntity, 'createdAt', after, limit, shopId);
  }

  payments(
    after: FeedPosition | null,
    limit: number,
    shopId?: string,
  ): Promise<FeedPage<ErpPaymentEntity>> {
    return this.page(ErpPaymentEntity, 'createdAt', after, limit, shopId);
  }

  customers(after: FeedPosition | null, limit: number): Promise<FeedPage<ErpCustomerEntity>> {
    return this.page(ErpCustomerEntity, 'updatedAt', after, limit);
  }

  async salesOrderLines(ids: string[]): Promise<ErpSalesOrderLineEntity[]> {
    return ids.length
      ? this.ds.getRepository(ErpSalesOrderLineEntity).find({ where: { salesOrderId: In(ids) } })
      : [];
  }

  private async page<T extends ObjectLiteral & { id: string }>(
    entity: EntityTarget<T>,
    timeField: 'createdAt' | 'updatedAt',
    after: FeedPosition | null,
    limit: number,
    shopId?: string,
  ): Promise<FeedPage<T>> {
    const base = (shopId ? { shopId } : {}) as FindOptionsWhere<T>;
    const where: FindOptionsWhere<T>[] = after
      ? [
          { ...base, [timeField]: MoreThan(after.at) } as FindOptionsWhere<T>,
          { ...base, [timeField]: after.at, id: MoreThan(after.id) } as FindOptionsWhere<T>,
        ]
      : [base];
    const rows = await this.ds.getRepository(entity).find({
      where,
      order: { [timeField]: 'ASC', id: 'ASC' } as FindOptionsOrder<T>,
      take: limit,
    });
    const last = rows[rows.length - 1] as (T & Record<string, Date>) | undefined;
    return { rows, last: last ? { at: last[timeField], id: last.id } : null };
  }
}
