import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  FindOptionsOrder,
  FindOptionsWhere,
  And,
  In,
  IsNull,
  LessThan,
  MoreThan,
  Not,
  ObjectLiteral,
  EntityTarget,
} from 'typeorm';
import {
  ErpBalanceTransactionEntity,
  ErpDisputeEntity,
  ErpPayoutEntity,
  ErpCreditMemoEntity,
  ErpCreditMemoLineEntity,
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

// The page after `after` (null: from the start), of rows written before `before`.
export interface FeedWindow {
  after: FeedPosition | null;
  before: Date;
}

export interface FeedPage<T> {
  rows: T[];
  last: FeedPosition | null;
}

// Which sales documents a feed answers by their conflict: 'open' = flagged and not yet
// acknowledged, 'any' = flagged at some time.
export type ConflictFilter = 'open' | 'any';

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
    window: FeedWindow,
    limit: number,
    shopId?: string,
    conflict?: ConflictFilter,
  ): Promise<FeedPage<ErpSalesOrderEntity>> {
    const filter: FindOptionsWhere<ErpSalesOrderEntity> | undefined = conflict
      ? {
          conflict: Not(IsNull()),
          ...(conflict === 'open' ? { conflictAcknowledgedAt: IsNull() } : {}),
        }
      : undefined;
    return this.page(ErpSalesOrderEntity, 'createdAt', window, limit, shopId, filter);
  }

  creditMemos(
    window: FeedWindow,
    limit: number,
    shopId?: string,
  ): Promise<FeedPage<ErpCreditMemoEntity>> {
    return this.page(ErpCreditMemoEntity, 'createdAt', window, limit, shopId);
  }

  async creditMemoLines(ids: string[]): Promise<ErpCreditMemoLineEntity[]> {
    return ids.length
      ? this.ds.getRepository(ErpCreditMemoLineEntity).find({ where: { creditMemoId: In(ids) } })
      : [];
  }

  findSalesOrder(id: string): Promise<ErpSalesOrderEntity | null> {
    return this.ds.getRepository(ErpSalesOrderEntity).findOneBy({ id });
  }

  // Sets the acknowledgement of a flagged document once: a second call leaves the first time.
  async acknowledgeConflict(id: string, at: Date): Promise<void> {
    await this.ds.getRepository(ErpSalesOrderEntity).update(
      { id, conflict: Not(IsNull()), conflictAcknowledgedAt: IsNull() },
      {
        conflictAcknowledgedAt: at,
      },
    );
  }

  payments(
    window: FeedWindow,
    limit: number,
    shopId?: string,
  ): Promise<FeedPage<ErpPaymentEntity>> {
    return this.page(ErpPaymentEntity, 'createdAt', window, limit, shopId);
  }

  // Payouts and disputes change status: ordered by last change, like customers.
  payouts(window: FeedWindow, limit: number, shopId?: string): Promise<FeedPage<ErpPayoutEntity>> {
    return this.page(ErpPayoutEntity, 'updatedAt', window, limit, shopId);
  }

  balanceTransactions(
    window: FeedWindow,
    limit: number,
    shopId?: string,
  ): Promise<FeedPage<ErpBalanceTransactionEntity>> {
    return this.page(ErpBalanceTransactionEntity, 'createdAt', window, limit, shopId);
  }

  disputes(
    window: FeedWindow,
    limit: number,
    shopId?: string,
  ): Promise<FeedPage<ErpDisputeEntity>> {
    return this.page(ErpDisputeEntity, 'updatedAt', window, limit, shopId);
  }

  customers(window: FeedWindow, limit: number): Promise<FeedPage<ErpCustomerEntity>> {
    return this.page(ErpCustomerEntity, 'updatedAt', window, limit);
  }

  async salesOrderLines(ids: string[]): Promise<ErpSalesOrderLineEntity[]> {
    return ids.length
      ? this.ds.getRepository(ErpSalesOrderLineEntity).find({ where: { salesOrderId: In(ids) } })
      : [];
  }

  private async page<T extends ObjectLiteral & { id: string }>(
    entity: EntityTarget<T>,
    timeField: 'createdAt' | 'updatedAt',
    { after, before }: FeedWindow,
    limit: number,
    shopId?: string,
    filter?: FindOptionsWhere<T>,
  ): Promise<FeedPage<T>> {
    const base = { ...(shopId ? { shopId } : {}), ...filter } as FindOptionsWhere<T>;
    // Only rows older than `before`: a row whose transaction commits late must not land behind a
    // cursor a reader has already moved past.
    const where: FindOptionsWhere<T>[] = after
      ? [
          {
            ...base,
            [timeField]: And(MoreThan(after.at), LessThan(before)),
          } as FindOptionsWhere<T>,
          { ...base, [timeField]: after.at, id: MoreThan(after.id) } as FindOptionsWhere<T>,
        ]
      : [{ ...base, [timeField]: LessThan(before) } as FindOptionsWhere<T>];
    const rows = await this.ds.getRepository(entity).find({
      where,
      order: { [timeField]: 'ASC', id: 'ASC' } as FindOptionsOrder<T>,
      take: limit,
    });
    const last = rows[rows.length - 1] as (T & Record<string, Date>) | undefined;
    return { rows, last: last ? { at: last[timeField], id: last.id } : null };
  }
}
