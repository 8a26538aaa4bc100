import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  NotificationAttemptEntity,
  NotificationDeliveryEntity,
  NotificationEndpointEntity,
} from '@shopsync/shared';

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  countForShop(shopId: string): Promise<number> {
    return this.ds.getRepository(NotificationEndpointEntity).count({ where: { shopId } });
  }

  async insert(endpoint: NotificationEndpointEntity): Promise<void> {
    await this.ds.getRepository(NotificationEndpointEntity).insert(endpoint);
  }

  listForShop(shopId: string): Promise<NotificationEndpointEntity[]> {
    return this.ds
      .getRepository(NotificationEndpointEntity)
      .find({ where: { shopId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  find(shopId: string, id: string): Promise<NotificationEndpointEntity | null> {
    return this.ds.getRepository(NotificationEndpointEntity).findOne({ where: { shopId, id } });
  }

  // The endpoint with its deliveries and their attempts: nothing is sent to it any more.
  async remove(id: string): Promise<void> {
    await this.ds.transaction(async (manager) => {
      const deliveries = manager
        .createQueryBuilder()
        .select('d.id')
        .from(NotificationDeliveryEntity, 'd')
        .where('d."endpointId" = :id');
      await manager
        .createQueryBuilder()
        .delete()
        .from(NotificationAttemptEntity)
        .where(`"deliveryId" IN (${deliveries.getQuery()})`, { id })
        .execute();
      await manager.delete(NotificationDeliveryEntity, { endpointId: id });
      await manager.delete(NotificationEndpointEntity, { id });
    });
  }

  // Newest first, each with its attempts in order.
  async deliveries(
    endpointId: string,
    limit: number,
    offset: number,
  ): Promise<{
    items: Array<{ delivery: NotificationDeliveryEntity; attempts: NotificationAttemptEntity[] }>;
    total: number;
  }> {
    const [rows, total] = await this.ds.getRepository(NotificationDeliveryEntity).findAndCount({
      where: { endpointId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    const attempts = rows.length
      ? await this.ds.getRepository(NotificationAttemptEntity).find({
          where: { deliveryId: In(rows.map((r) => r.id)) },
          order: { attempt: 'ASC' },
        })
      : [];
    return {
      items: rows.map((delivery) => ({
        delivery,
        attempts: attempts.filter((a) => a.deliveryId === delivery.id),
      })),
      total,
    };
  }
}
