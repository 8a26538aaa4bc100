import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  ShopEntity,
  SHOPSYNC_PUBLIC_URL,
  ShopWebhooksRepository,
} from '@shopsync/shared';
import { ShopDto, toShopDto } from './dto/shop.dto';
import { toShopWebhooksDto } from './dto/shop-webhooks.dto';

// Shops as the API shows them, with their webhook subscriptions as the scheduler recorded them
// (read from the database: a view never calls Shopify).
@Injectable()
export class ShopViews {
  constructor(
    private readonly webhooks: ShopWebhooksRepository,
    @Inject(SHOPSYNC_PUBLIC_URL) private readonly publicUrl: string | null,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async one(shop: ShopEntity): Promise<ShopDto> {
    return (await this.many([shop]))[0];
  }

  async many(shops: ShopEntity[]): Promise<ShopDto[]> {
    const states = await this.webhooks.statesOf(shops.map((s) => s.id));
    const now = this.clock.now();
    return shops.map((shop) =>
      toShopDto(shop, now, toShopWebhooksDto(shop, states.get(shop.id)!, this.publicUrl)),
    );
  }
}
