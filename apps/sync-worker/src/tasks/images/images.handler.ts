import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, shopSettings } from '@shopsync/shared';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { batches, imageHash } from '../../catalog/catalog-diff';
import { CatalogStore, MappedItem } from '../../catalog/catalog-store';
import { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { Connection, paginate } from '../../shopify/pagination';
import {
  CATALOG_IMAGES_SET,
  CATALOG_PRODUCT_IMAGES,
  CATALOG_PRODUCT_MEDIA,
} from './images.graphql';
import { imagesInput, ownedAfterSet } from './images-input';

interface UserError {
  field: string[] | null;
  message: string;
}
interface ProductImages {
  id?: string;
  media?: { nodes: Array<{ image?: { url: string } | null }> };
}

const READ_CHUNK = 10;

// images: to-shopify sets the images of products whose image URLs changed since they were last
// sent (hash of the URL list), keeping every media shopsync did not set; from-shopify records the product images' URLs on the ERP items;
// off does nothing. Only products already in Shopify take part.
@Injectable()
export class ImagesHandler implements TaskHandler {
  readonly task = 'images' as const;

  constructor(
    private readonly store: CatalogStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const shop = ctx.shop;
    const direction = shopSettings(shop).directions.images;
    if (direction === 'off') return { summary: { direction, updated: 0 } };
    const items = (await this.store.mappedItems(ctx.job.shopId)).filter(
      (m) => m.mapping.shopifyProductId,
    );
    const client = ctx.shopify();
    const summary =
      direction === 'from-shopify'
        ? await this.fromShopify(ctx, client, items)
        : await this.toShopify(ctx, client, items);
    return { summary: { direction, ...summary, shopify: client.stats } };
  }

  private async toShopify(ctx: TaskContext, client: ShopifyGraphql, items: MappedItem[]) {
    let updated = 0;
    let unchanged = 0;
    let skipped = 0;
    for (const [index, { mapping, item }] of items.entries()) {
      if (index % 50 === 0) {
        ctx.throwIfCancelled();
        ctx.progress(index, items.length);
      }
      const hash = imageHash(item.imageUrls);
      if (mapping.imageHash === hash) {
        unchanged += 1;
        continue;
      }
      const productId = mapping.shopifyProductId as string;
      const current = await this.mediaIds(client, productId, ctx.signal);
      const set = imagesInput(item.imageUrls, item.title, mapping.mediaIds ?? null, current);
      const result = await client.request<{
        productSet: {
          product: { media: { nodes: Array<{ id: string }> } } | null;
          userErrors: UserError[];
        };
      }>(
        CATALOG_IMAGES_SET,
        { identifier: { id: productId }, input: { files: set.files } },
        { operationName: 'CatalogImagesSet', signal: ctx.signal },
      );
      const errors = result.productSet.userErrors;
      if (errors.length) {
        ctx.skip(item.itemNo, errors.map((e) => e.message).join('; '));
        skipped += 1;
        continue;
      }
      const after = (result.productSet.product?.media.nodes ?? []).map((m) => m.id);
      const mediaIds = ownedAfterSet(set, current, after);
      await this.store.saveMapping({
        ...mapping,
        imageHash: hash,
        mediaIds,
        lastSyncedAt: this.clock.now(),
      });
      updated += 1;
    }
    ctx.progress(items.length, items.length);
    return { total: items.length, updated, unchanged, skipped };
  }

  private async mediaIds(
    client: ShopifyGraphql,
    productId: string,
    signal: AbortSignal,
  ): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of paginate<
      { product: { media: Connection<{ id: string }> } | null },
      { id: string }
    >(client, CATALOG_PRODUCT_MEDIA, {
      connection: (d) => d.product?.media,
      variables: { id: productId },
      pageSize: 100,
      operationName: 'CatalogProductMedia',
      signal,
    }))
      ids.push(...page.nodes.map((n) => n.id));
    return ids;
  }

  private async fromShopify(ctx: TaskContext, client: ShopifyGraphql, items: MappedItem[]) {
    let recorded = 0;
    let unchanged = 0;
    const byProduct = new Map(items.map((m) => [m.mapping.shopifyProductId as string, m]));
    for (const [index, ids] of batches([...byProduct.keys()], READ_CHUNK).entries()) {
      ctx.throwIfCancelled();
      const data = await client.request<{ nodes: Array<ProductImages | null> }>(
        CATALOG_PRODUCT_IMAGES,
        { ids },
        { operationName: 'CatalogProductImages', signal: ctx.signal },
      );
      for (const node of data.nodes) {
        const entry = node?.id ? byProduct.get(node.id) : undefined;
        if (!entry || !node) continue;
        const urls = (node.media?.nodes ?? []).flatMap((m) => (m.image?.url ? [m.image.url] : []));
        const hash = imageHash(urls);
        if (hash === imageHash(entry.item.imageUrls) && entry.mapping.imageHash === hash) {
          unchanged += 1;
          continue;
        }
        await this.store.saveItem({ ...entry.item, imageUrls: urls, updatedAt: this.clock.now() });
        await this.store.saveMapping({ ...entry.mapping, imageHash: hash });
        recorded += 1;
      }
      ctx.progress(Math.min((index + 1) * READ_CHUNK, items.length), items.length);
    }
    return { total: items.length, recorded, unchanged };
  }
}
