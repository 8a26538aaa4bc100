import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan, LessThanOrEqual } from 'typeorm';
import {
  NotificationAttemptEntity,
  NotificationDeliveryEntity,
  NotificationEndpointEntity,
} from '@shopsync/shared';

export interface AttemptOutcome {
  at: Date;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

// The scheduler's side of the notification outbox: due deliveries, claims (compare-and-set on
// the due time, so one scheduler of several takes each attempt), and the record of each attempt.
@Injectable()
export class NotificationDeliveriesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  due(now: Date, limit: number): Promise<NotificationDeliveryEntity[]> {
    return this.ds.getRepository(NotificationDeliveryEntity).find({
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  // Takes the attempt: pushes its due time past the attempt's deadline, so a scheduler that dies
  // mid-attempt leaves it due again afterwards. False when another scheduler took it first.
  async claim(delivery: NotificationDeliveryEntity, until: Date): Promise<boolean> {
    const result = await this.ds
      .createQueryBuilder()
      .update(NotificationDeliveryEntity)
      .set({ nextAttemptAt: until })
      .where('id = :id AND status = :status AND "nextAttemptAt" = :due', {
        id: delivery.id,
        status: 'pending',
        due: delivery.nextAttemptAt,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  endpoint(id: string): Promise<NotificationEndpointEntity | null> {
    return this.ds.getRepository(NotificationEndpointEntity).findOne({ where: { id } });
  }

  // The attempt and the delivery's new state, together.
  async record(
    delivery: NotificationDeliveryEntity,
    outcome: AttemptOutcome,
    next: Pick<NotificationDeliveryEntity, 'status' | 'nextAttemptAt'>,
  ): Promise<void> {
    const attempt = delivery.attempts + 1;
    await this.ds.transaction(async (manager) => {
      await manager.insert(NotificationAttemptEntity, {
        deliveryId: delivery.id,
        attempt,
        at: outcome.at,
        statusCode: outcome.statusCode,
        durationMs: outcome.durationMs,
        error: outcome.error,
        nextAttemptAt: next.nextAttemptAt,
      });
      await manager.update(
        NotificationDeliveryEntity,
        { id: delivery.id },
        {
          ...next,
          attempts: attempt,
          lastStatusCode: outcome.statusCode,
          lastError: outcome.error,
          deliveredAt: next.status === 'delivered' ? outcome.at : null,
        },
      );
    });
  }

  // Finished deliveries (and their attempts) older than the cutoff, a bounded batch at a time.
  async prune(before: Date, batch = 500): Promise<number> {
    const old = await this.ds.getRepository(NotificationDeliveryEntity).find({
      select: { id: true },
      where: { status: In(['delivered', 'failed']), createdAt: LessThan(before) },
      take: batch,
    });
    if (!old.length) return 0;
    const ids = old.map((d) => d.id);
    await this.ds.transaction(async (manager) => {
      await manager.delete(NotificationAttemptEntity, { deliveryId: In(ids) });
      await manager.delete(NotificationDeliveryEntity, { id: In(ids) });
    });
    return ids.length;
  }
}
