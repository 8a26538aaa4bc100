import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErpShipmentEntity } from '@shopsync/shared';

export type ShipmentOutcome = Pick<
  ErpShipmentEntity,
  'status' | 'failureReason' | 'attempts' | 'updatedAt'
>;

// The shipments task's storage: ERP shipments waiting for their fulfillments, and the outcome
// of each attempt.
@Injectable()
export class ShipmentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // The shop's pending shipments, oldest first.
  pending(shopId: string): Promise<ErpShipmentEntity[]> {
    return this.ds.getRepository(ErpShipmentEntity).find({
      where: { shopId, status: 'pending' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async recordAttempt(id: string, outcome: ShipmentOutcome): Promise<void> {
    await this.ds.getRepository(ErpShipmentEntity).update({ id }, outcome);
  }

  // After each fulfillmentCreate of a shipment sent in several calls.
  async recordProgress(
    id: string,
    progress: Pick<ErpShipmentEntity, 'sentQuantities'> & { fulfillmentIds: string[] },
    updatedAt: Date,
  ): Promise<void> {
    await this.ds.getRepository(ErpShipmentEntity).update(
      { id },
      {
        fulfillmentIds: progress.fulfillmentIds,
        sentQuantities: progress.sentQuantities,
        updatedAt,
      },
    );
  }
}
