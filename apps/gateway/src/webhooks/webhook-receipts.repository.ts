import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ShopifyWebhookEntity } from '@shopsync/shared';
import { DataSource, LessThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

@Injectable()
export class WebhookReceiptsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // False when this shop received this webhook id before (the primary key on shop and id
  // decides, also in a race).
  async insertOnce(receipt: ShopifyWebhookEntity): Promise<boolean> {
    const repo = this.ds.getRepository(ShopifyWebhookEntity);
    const key = { shopId: receipt.shopId, webhookId: receipt.webhookId };
    if (await repo.existsBy(key)) return false;
    try {
      await repo.insert(receipt as QueryDeepPartialEntity<ShopifyWebhookEntity>);
      return true;
    } catch (error) {
      if (await repo.existsBy(key)) return false;
      throw error;
    }
  }

  async update(
    shopId: string,
    webhookId: string,
    patch: Partial<ShopifyWebhookEntity>,
  ): Promise<void> {
    await this.ds
      .getRepository(ShopifyWebhookEntity)
      .update({ shopId, webhookId }, patch as QueryDeepPartialEntity<ShopifyWebhookEntity>);
  }

  async deleteReceivedBefore(cutoff: Date): Promise<number> {
    const result = await this.ds
      .getRepository(ShopifyWebhookEntity)
      .delete({ receivedAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}
