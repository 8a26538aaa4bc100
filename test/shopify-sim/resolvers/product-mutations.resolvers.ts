import { gid } from '../gid';
import {
  applyProductFields,
  createVariant,
  deleteProduct,
  deleteVariant,
  FileInput,
  findProductByHandle,
  isUrl,
  newMedia,
  newProduct,
  removeMedia,
  ProductFieldsInput,
  setOptions,
  touchProduct,
  updateVariant,
  UserErrorRecord,
  VariantFieldsInput,
  VariantOptionValueInput,
  variantsOf,
  variantTitle,
} from '../state/catalog';
import { productSet, ProductSetIdentifiers, ProductSetInput } from '../state/product-set';
import { MediaRecord, ProductRecord, VariantRecord } from '../state/records';
import { ShopState } from '../state/shop-state';
import { Args, ResolverMap, SimContext } from './context';

// Catalog mutations: productSet (upsert), productCreate/Update/Delete, variants in bulk, media,
// variant media.

function productOrError(
  shop: ShopState,
  id: unknown,
  field: string[],
): { product: ProductRecord | null; errors: UserErrorRecord[] } {
  const product = typeof id === 'string' ? (shop.products.get(id) ?? null) : null;
  return {
    product,
    errors: product
      ? []
      : [{ field, message: 'Product does not exist', code: 'PRODUCT_DOES_NOT_EXIST' }],
  };
}

function addMedia(
  shop: ShopState,
  product: ProductRecord,
  inputs: FileInput[],
  prefix: string,
): { media: MediaRecord[]; errors: UserErrorRecord[] } {
  const errors: UserErrorRecord[] = [];
  const media: MediaRecord[] = [];
  inputs.forEach((input, i) => {
    if (!input.originalSource || !isUrl(input.originalSource)) {
      errors.push({
        field: [prefix, String(i), 'originalSource'],
        message: 'Image URL is invalid',
        code: 'INVALID',
      });
      return;
    }
    const m = newMedia(shop, product.id, input);
    product.mediaIds.push(m.id);
    media.push(m);
  });
  return { media, errors };
}

interface BulkVariantInput extends VariantFieldsInput {
  id?: string | null;
  optionValues?: VariantOptionValueInput[] | null;
  inventoryQuantities?: { availableQuantity: number; locationId: string }[] | null;
}

const MAX_VARIANT_MEDIA_PAIRS = 100;

// productVariantAppendMedia / productVariantDetachMedia: a variant shows at most one media, a
// ready image of its own product; a variant named twice, or a media the variant does not show
// (detach), is refused. One bad pair refuses the call.
function variantMedia(ctx: SimContext, args: Args, kind: 'append' | 'detach') {
  const shop = ctx.shop;
  const { product, errors } = productOrError(shop, args.productId, ['productId']);
  const mediaErrors = errors.map((e) => ({ ...e, code: 'PRODUCT_DOES_NOT_EXIST' }));
  if (!product) return { product: null, productVariants: null, userErrors: mediaErrors };
  const pairs = args.variantMedia as Array<{ variantId: string; mediaIds: string[] }>;
  const fail = (i: number, field: string, message: string, code: string) =>
    mediaErrors.push({ field: ['variantMedia', String(i), field], message, code });
  if (pairs.length > MAX_VARIANT_MEDIA_PAIRS)
    mediaErrors.push({
      field: ['variantMedia'],
      message: 'Exceeded the maximum number of 100 variant-media pairs per mutation call.',
      code: 'MAXIMUM_VARIANT_MEDIA_PAIRS_EXCEEDED',
    });
  const seen = new Set<string>();
  const planned: Array<{ variant: VariantRecord; mediaId: string }> = [];
  pairs.forEach((pair, i) => {
    const variant = shop.variants.get(pair.variantId);
    if (!variant || variant.productId !== product.id)
      return fail(
        i,
        'variantId',
        'Variant does not exist on the given product.',
        'PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT',
      );
    if (seen.has(variant.id))
      return fail(
        i,
        'variantId',
        'Variant specified in more than one pair.',
        'PRODUCT_VARIANT_SPECIFIED_MULTIPLE_TIMES',
      );
    seen.add(variant.id);
    if (pair.mediaIds.length !== 1)
      return fail(
        i,
        'mediaIds',
        'Only one mediaId is allowed per variant-media input pair.',
        'TOO_MANY_MEDIA_PER_INPUT_PAIR',
      );
    const media = shop.media.get(pair.mediaIds[0]);
    if (!media) return fail(i, 'mediaIds', 'Media does not exist.', 'MEDIA_DOES_NOT_EXIST');
    if (!product.mediaIds.includes(media.id))
      return fail(
        i,
        'mediaIds',
        'Media does not exist on the given product.',
        'MEDIA_DOES_NOT_EXIST_ON_PRODUCT',
      );
    if (kind === 'detach') {
      if (!variant.mediaIds.includes(media.id))
        return fail(
          i,
          'mediaIds',
          'The specified media is not attached to the specified variant.',
          'MEDIA_IS_NOT_ATTACHED_TO_VARIANT',
        );
    } else {
      if (media.mediaContentType !== 'IMAGE')
        return fail(i, 'mediaIds', 'Invalid media type.', 'INVALID_MEDIA_TYPE');
      if (media.status !== 'READY')
        return fail(i, 'mediaIds', 'Non-ready media are not supported.', 'NON_READY_MEDIA');
      if (variant.mediaIds.length)
        return fail(
          i,
          'variantId',
          'Product variant already has attached media.',
          'PRODUCT_VARIANT_ALREADY_HAS_MEDIA',
        );
    }
    planned.push({ variant, mediaId: media.id });
  });
  if (mediaErrors.length) return { product: null, productVariants: null, userErrors: mediaErrors };
  for (const { variant, mediaId } of planned) {
    variant.mediaIds =
      kind === 'append' ? [mediaId] : variant.mediaIds.filter((id) => id !== mediaId);
    variant.updatedAt = shop.now();
  }
  touchProduct(shop, product);
  ctx.services.events.productChanged(shop, product, false);
  return { product, productVariants: planned.map((p) => p.variant), userErrors: [] };
}

export const productMutationResolvers: ResolverMap = {
  Mutation: {
    productSet: (_: unknown, args: Args, ctx: SimContext) => {
      const result = productSet(
        ctx.shop,
        args.input as ProductSetInput,
        args.identifier as ProductSetIdentifiers | null,
      );
      if (result.product)
        ctx.services.events.productChanged(ctx.shop, result.product, result.created);
      if (args.synchronous === false) {
        const operation = {
          id: gid('ProductSetOperation', ctx.shop.nextId()),
          productId: result.product?.id ?? null,
          status: 'COMPLETE' as const,
          userErrors: result.userErrors,
        };
        ctx.shop.productOperations.set(operation.id, operation);
        return {
          product: null,
          productSetOperation: { ...operation, product: result.product },
          userErrors: [],
        };
      }
      return { product: result.product, productSetOperation: null, userErrors: result.userErrors };
    },

    productCreate: (_: unknown, args: Args, ctx: SimContext) => {
      const input = (args.product ?? {}) as ProductFieldsInput & {
        productOptions?: { name: string; values?: { name: string }[] }[] | null;
      };
      if (!input.title)
        return {
          product: null,
          shop: ctx.shop,
          userErrors: [{ field: ['title'], message: "Title can't be blank" }],
        };
      if (input.handle && findProductByHandle(ctx.shop, input.handle)) {
        return {
          product: null,
          shop: ctx.shop,
          userErrors: [
            {
              field: ['handle'],
              message: `Handle '${input.handle}' already in use. Please provide a new handle.`,
            },
          ],
        };
      }
      const product = newProduct(ctx.shop, input);
      const options = input.productOptions?.map((o) => ({
        name: o.name,
        values: (o.values ?? []).map((v) => v.name),
      })) ?? [{ name: 'Title', values: ['Default Title'] }];
      setOptions(ctx.shop, product, options);
      createVariant(
        ctx.shop,
        product,
        product.options.map((o) => ({ name: o.name, value: o.values[0] ?? 'Default Title' })),
        {},
      );
      addMedia(ctx.shop, product, (args.media as FileInput[] | null) ?? [], 'media');
      ctx.services.events.productChanged(ctx.shop, product, true);
      return { product, shop: ctx.shop, userErrors: [] };
    },

    productUpdate: (_: unknown, args: Args, ctx: SimContext) => {
      const input = (args.product ?? {}) as ProductFieldsInput & { id?: string | null };
      const identifier = args.identifier as { id?: string | null; handle?: string | null } | null;
      const product = identifier?.handle
        ? findProductByHandle(ctx.shop, identifier.handle)
        : ctx.shop.products.get(identifier?.id ?? input.id ?? '');
      if (!product)
        return {
          product: null,
          userErrors: [{ field: ['id'], message: 'Product does not exist' }],
        };
      applyProductFields(product, input);
      const { errors } = addMedia(
        ctx.shop,
        product,
        (args.media as FileInput[] | null) ?? [],
        'media',
      );
      touchProduct(ctx.shop, product);
      ctx.services.events.productChanged(ctx.shop, product, false);
      return { product, userErrors: errors.map((e) => ({ field: e.field, message: e.message })) };
    },

    productDelete: (_: unknown, args: Args, ctx: SimContext) => {
      const id = (args.input as { id: string }).id;
      const product = ctx.shop.products.get(id);
      if (!product)
        return {
          deletedProductId: null,
          shop: ctx.shop,
          userErrors: [{ field: ['id'], message: 'Product does not exist' }],
        };
      deleteProduct(ctx.shop, product);
      ctx.services.events.productDeleted(ctx.shop, id);
      return { deletedProductId: id, shop: ctx.shop, userErrors: [] };
    },

    productVariantsBulkUpdate: (_: unknown, args: Args, ctx: SimContext) => {
      const { product, errors } = productOrError(ctx.shop, args.productId, ['productId']);
      if (!product) return { product: null, productVariants: null, userErrors: errors };
      const inputs = args.variants as BulkVariantInput[];
      const planned: { variant: VariantRecord; input: BulkVariantInput }[] = [];
      inputs.forEach((input, i) => {
        if (!input.id)
          errors.push({
            field: ['variants', String(i), 'id'],
            message: 'Product variant is missing ID attribute',
            code: 'PRODUCT_VARIANT_ID_MISSING',
          });
        else if (ctx.shop.variants.get(input.id)?.productId !== product.id)
          errors.push({
            field: ['variants', String(i), 'id'],
            message: 'Product variant does not exist',
            code: 'PRODUCT_VARIANT_DOES_NOT_EXIST',
          });
        else if (input.inventoryQuantities)
          errors.push({
            field: ['variants', String(i), 'inventoryQuantities'],
            message:
              'Inventory quantities can only be provided during create. To update inventory for existing variants, use inventoryAdjustQuantities.',
            code: 'NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE',
          });
        else {
          const variant = ctx.shop.variants.get(input.id);
          if (variant) planned.push({ variant, input });
        }
      });
      // Without allowPartialUpdates one bad variant rejects the whole call.
      if (errors.length && args.allowPartialUpdates !== true)
        return { product: null, productVariants: null, userErrors: errors };
      for (const { variant, input } of planned) updateVariant(ctx.shop, variant, input);
      touchProduct(ctx.shop, product);
      ctx.services.events.productChanged(ctx.shop, product, false);
      return { product, productVariants: planned.map((p) => p.variant), userErrors: errors };
    },

    productVariantsBulkCreate: (_: unknown, args: Args, ctx: SimContext) => {
      const { product, errors } = productOrError(ctx.shop, args.productId, ['productId']);
      if (!product) return { product: null, productVariants: null, userErrors: errors };
      const created: VariantRecord[] = [];
      for (const [i, input] of (args.variants as BulkVariantInput[]).entries()) {
        const selected = (input.optionValues ?? []).map((ov) => ({
          name: ov.optionName ?? '',
          value: ov.name ?? '',
        }));
        if (selected.some((s) => !product.options.some((o) => o.name === s.name))) {
          errors.push({
            field: ['variants', String(i), 'optionValues'],
            message: 'Option does not exist',
            code: 'INVALID_INPUT',
          });
          continue;
        }
        if (
          variantsOf(ctx.shop, product).some(
            (v) => variantTitle(v.selectedOptions) === variantTitle(selected),
          )
        ) {
          errors.push({
            field: ['variants', String(i)],
            message: `The variant '${variantTitle(selected)}' already exists.`,
            code: 'VARIANT_ALREADY_EXISTS',
          });
          continue;
        }
        for (const s of selected) {
          const option = product.options.find((o) => o.name === s.name);
          if (option && !option.values.includes(s.value)) option.values.push(s.value);
        }
        const variant = createVariant(ctx.shop, product, selected, input);
        for (const q of input.inventoryQuantities ?? []) {
          const level = ctx.shop.activateLevel(variant.inventoryItemId, q.locationId);
          level.quantities.available = q.availableQuantity;
          level.quantities.on_hand = q.availableQuantity;
        }
        created.push(variant);
      }
      touchProduct(ctx.shop, product);
      ctx.services.events.productChanged(ctx.shop, product, false);
      return { product, productVariants: created, userErrors: errors };
    },

    productVariantsBulkDelete: (_: unknown, args: Args, ctx: SimContext) => {
      const { product, errors } = productOrError(ctx.shop, args.productId, ['productId']);
      if (!product) return { product: null, userErrors: errors };
      for (const id of args.variantsIds as string[])
        if (ctx.shop.variants.get(id)?.productId === product.id) deleteVariant(ctx.shop, id);
      touchProduct(ctx.shop, product);
      ctx.services.events.productChanged(ctx.shop, product, false);
      return { product, userErrors: [] };
    },

    productCreateMedia: (_: unknown, args: Args, ctx: SimContext) => {
      const { product, errors } = productOrError(ctx.shop, args.productId, ['productId']);
      if (!product) return { media: null, mediaUserErrors: errors, product: null };
      const added = addMedia(ctx.shop, product, args.media as FileInput[], 'media');
      touchProduct(ctx.shop, product);
      ctx.services.events.productChanged(ctx.shop, product, false);
      return { media: added.media, mediaUserErrors: added.errors, product };
    },

    productVariantAppendMedia: (_: unknown, args: Args, ctx: SimContext) =>
      variantMedia(ctx, args, 'append'),

    productVariantDetachMedia: (_: unknown, args: Args, ctx: SimContext) =>
      variantMedia(ctx, args, 'detach'),

    fileDelete: (_: unknown, args: Args, ctx: SimContext) => {
      const ids = args.fileIds as string[];
      const missing = ids.filter((id) => !ctx.shop.media.has(id));
      if (missing.length)
        return {
          deletedFileIds: null,
          userErrors: [
            {
              field: ['fileIds'],
              message: `File id ${missing[0]} does not exist.`,
              code: 'FILE_DOES_NOT_EXIST',
            },
          ],
        };
      for (const id of ids) {
        const media = ctx.shop.media.get(id);
        const product = media?.productId ? ctx.shop.products.get(media.productId) : undefined;
        if (product) {
          removeMedia(ctx.shop, product, id);
          touchProduct(ctx.shop, product);
          ctx.services.events.productChanged(ctx.shop, product, false);
        } else ctx.shop.media.delete(id);
      }
      return { deletedFileIds: ids, userErrors: [] };
    },
  },
};
