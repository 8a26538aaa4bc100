import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ShopifyWebhookEntity } from '@shopsync/shared';
import { DataSource, LessThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

@Injectable()
export class WebhookReceiptsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // False when this webhook id was received before (the primary key decides, also in a race).
  async insertOnce(receipt: ShopifyWebhookEntity): Promise<boolean> {
    const repo = this.ds.getRepository(ShopifyWebhookEntity);
    if (await repo.existsBy({ webhookId: receipt.webhookId })) return false;
    try {
      await repo.insert(receipt as QueryDeepPartialEntity<ShopifyWebhookEntity>);
      return true;
    } catch (error) {
      if (await repo.existsBy({ webhookId: receipt.webhookId })) return false;
      throw error;
    }
  }

  async update(webhookId: string, patch: Partial<ShopifyWebhookEntity>): Promise<void> {
    await this.ds
      .getRepository(ShopifyWebhookEntity)
      .update({ webhookId }, patch as QueryDeepPartialEntity<ShopifyWebhookEntity>);
  }

  findById(webhookId: string): Promise<ShopifyWebhookEntity | null> {
    return this.ds.getRepository(ShopifyWebhookEntity).findOneBy({ webhookId });
  }

  async deleteReceivedBefore(cutoff: Date): Promise<number> {
    const result = await this.ds
      .getRepository(ShopifyWebhookEntity)
      .delete({ receivedAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}
