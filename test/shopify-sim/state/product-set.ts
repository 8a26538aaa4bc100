import {
  applyProductFields,
  createVariant,
  deleteVariant,
  FileInput,
  findProductByHandle,
  newProduct,
  ProductFieldsInput,
  replaceProductFiles,
  setLevelQuantity,
  setOptions,
  touchProduct,
  uniqueHandle,
  slugify,
  updateVariant,
  UserErrorRecord,
  VariantFieldsInput,
  VariantOptionValueInput,
  variantsOf,
  variantTitle,
} from './catalog';
import { checkMetafield, MetafieldWrite, writeMetafield } from './metafields';
import { ProductRecord, QuantityName, VariantRecord } from './records';
import { ShopState } from './shop-state';

// productSet: upsert a product by identifier (id or handle). Scalar fields given are updated,
// list fields given (options, variants, files) replace what the product had. Variants are
// matched by id, else by their option values, so unchanged variants keep their ids and
// inventory items; the rest are deleted with their inventory.

export interface ProductSetVariantInput extends VariantFieldsInput {
  id?: string | null;
  optionValues: VariantOptionValueInput[];
  inventoryQuantities?: { locationId: string; name: string; quantity: number }[] | null;
}

export interface ProductSetInput extends ProductFieldsInput {
  productOptions?:
    | {
        id?: string | null;
        name?: string | null;
        values?: { id?: string | null; name?: string | null }[] | null;
      }[]
    | null;
  variants?: ProductSetVariantInput[] | null;
  files?: FileInput[] | null;
  metafields?: MetafieldWrite[] | null;
}

export interface ProductSetIdentifiers {
  id?: string | null;
  handle?: string | null;
  customId?: unknown;
}

export interface ProductSetResult {
  product: ProductRecord | null;
  created: boolean;
  userErrors: UserErrorRecord[];
}

const MAX_VARIANTS = 2048;

function err(field: (string | number)[], message: string, code: string): UserErrorRecord {
  return { field: field.map(String), message, code };
}

function resolveTarget(
  shop: ShopState,
  identifier: ProductSetIdentifiers | null | undefined,
): { product: ProductRecord | null; handle: string | null; error: UserErrorRecord | null } {
  if (identifier?.id) {
    const product = shop.products.get(identifier.id) ?? null;
    return {
      product,
      handle: null,
      error: product
        ? null
        : err(['identifier', 'id'], 'Product does not exist', 'PRODUCT_DOES_NOT_EXIST'),
    };
  }
  if (identifier?.handle) {
    return {
      product: findProductByHandle(shop, identifier.handle) ?? null,
      handle: identifier.handle,
      error: null,
    };
  }
  if (identifier?.customId) {
    return {
      product: null,
      handle: null,
      error: err(
        ['identifier', 'customId'],
        'customId identifiers are not supported by the simulator',
        'INVALID_INPUT',
      ),
    };
  }
  return { product: null, handle: null, error: null };
}

function optionsFromInput(
  input: ProductSetInput,
  product: ProductRecord | null,
): { name: string; values: string[] }[] {
  if (input.productOptions) {
    return input.productOptions.map((o) => ({
      name: o.name ?? '',
      values: (o.values ?? []).flatMap((v) => (v.name ? [v.name] : [])),
    }));
  }
  return product?.options.map((o) => ({ name: o.name, values: [...o.values] })) ?? [];
}

function selectedOptionsOf(
  variant: ProductSetVariantInput,
  index: number,
  options: { name: string; values: string[] }[],
  errors: UserErrorRecord[],
): { name: string; value: string }[] {
  const selected: { name: string; value: string }[] = [];
  variant.optionValues.forEach((ov, j) => {
    const option = options.find((o) => o.name === ov.optionName);
    if (!option) {
      errors.push(
        err(
          ['input', 'variants', index, 'optionValues', j],
          `Option '${ov.optionName ?? ''}' does not exist`,
          'OPTION_DOES_NOT_EXIST',
        ),
      );
      return;
    }
    if (!ov.name) {
      errors.push(
        err(
          ['input', 'variants', index, 'optionValues', j, 'name'],
          'Option value name is required',
          'INVALID_INPUT',
        ),
      );
      return;
    }
    if (!option.values.includes(ov.name)) option.values.push(ov.name);
    selected.push({ name: option.name, value: ov.name });
  });
  if (selected.length === variant.optionValues.length && selected.length !== options.length) {
    errors.push(
      err(
        ['input', 'variants', index, 'optionValues'],
        'Each variant needs one value for every product option',
        'OPTION_VALUES_MISSING',
      ),
    );
  }
  // Keep the order of the product's options.
  return options.flatMap((o) => selected.filter((s) => s.name === o.name));
}

const comboKey = (selected: { name: string; value: string }[]): string =>
  selected.map((s) => `${s.name}=${s.value}`).join('|');

export function productSet(
  shop: ShopState,
  input: ProductSetInput,
  identifier: ProductSetIdentifiers | null | undefined,
): ProductSetResult {
  const target = resolveTarget(shop, identifier);
  if (target.error) return { product: null, created: false, userErrors: [target.error] };
  const existing = target.product;
  const errors: UserErrorRecord[] = [];

  if (!existing && !input.title)
    errors.push(err(['input', 'title'], "Title can't be blank", 'MISSING_FIELD_REQUIRED'));
  const wantedHandle = input.handle ?? (existing ? null : target.handle);
  if (wantedHandle) {
    const owner = findProductByHandle(shop, wantedHandle);
    if (owner && owner !== existing)
      errors.push(
        err(['input', 'handle'], `Handle '${wantedHandle}' already in use`, 'HANDLE_NOT_UNIQUE'),
      );
  }
  if (input.variants && input.variants.length > MAX_VARIANTS) {
    errors.push(
      err(
        ['input', 'variants'],
        `A product can have at most ${MAX_VARIANTS} variants`,
        'VARIANTS_OVER_LIMIT',
      ),
    );
  }
  if (input.variants?.length && !input.productOptions && !existing?.options.length) {
    errors.push(
      err(
        ['input', 'productOptions'],
        'productOptions are required when variants are given',
        'PRODUCT_OPTIONS_INPUT_MISSING',
      ),
    );
  }
  const options = optionsFromInput(input, existing);
  const names = new Set<string>();
  options.forEach((o, i) => {
    if (!o.name)
      errors.push(
        err(['input', 'productOptions', i, 'name'], 'Option name is required', 'INVALID_INPUT'),
      );
    if (names.has(o.name))
      errors.push(
        err(
          ['input', 'productOptions', i, 'name'],
          `Duplicated option name '${o.name}'`,
          'DUPLICATED_OPTION_NAME',
        ),
      );
    names.add(o.name);
  });

  (input.files ?? []).forEach((f, i) => {
    const media = f.id ? shop.media.get(f.id) : undefined;
    if (f.id && (!media || (media.productId !== null && media.productId !== existing?.id)))
      errors.push(err(['input', 'files', i, 'id'], 'File does not exist', 'INVALID_INPUT'));
    if (!f.id && !f.originalSource)
      errors.push(
        err(['input', 'files', i], 'A file needs an id or an originalSource', 'INVALID_INPUT'),
      );
  });
  const metafieldWrites = (input.metafields ?? []).flatMap((m, i) => {
    const checked = checkMetafield(
      (ns, key) => existing?.metafields.find((x) => x.namespace === ns && x.key === key),
      m,
    );
    if ('problem' in checked) {
      errors.push(
        err(
          ['input', 'metafields', i, checked.problem.field],
          checked.problem.message,
          'INVALID_METAFIELD',
        ),
      );
      return [];
    }
    return [{ ...checked, key: m.key, value: m.value }];
  });

  const planned: {
    input: ProductSetVariantInput;
    selected: { name: string; value: string }[];
    match: VariantRecord | null;
  }[] = [];
  if (input.variants && errors.length === 0) {
    const current = existing ? variantsOf(shop, existing) : [];
    const seen = new Set<string>();
    input.variants.forEach((v, i) => {
      const selected = selectedOptionsOf(v, i, options, errors);
      const key = comboKey(selected);
      if (seen.has(key))
        errors.push(
          err(
            ['input', 'variants', i],
            `The variant '${variantTitle(selected)}' already exists`,
            'INVALID_VARIANT',
          ),
        );
      seen.add(key);
      let match: VariantRecord | null;
      if (v.id) {
        match = current.find((c) => c.id === v.id) ?? null;
        if (!match)
          errors.push(
            err(
              ['input', 'variants', i, 'id'],
              'Product variant does not exist',
              'PRODUCT_VARIANT_DOES_NOT_EXIST',
            ),
          );
      } else {
        match = current.find((c) => comboKey(c.selectedOptions) === key) ?? null;
      }
      for (const [j, q] of (v.inventoryQuantities ?? []).entries()) {
        if (!shop.locations.has(q.locationId)) {
          errors.push(
            err(
              ['input', 'variants', i, 'inventoryQuantities', j, 'locationId'],
              'Location does not exist',
              'INVALID_INPUT',
            ),
          );
        }
        if (q.name !== 'available' && q.name !== 'on_hand') {
          errors.push(
            err(
              ['input', 'variants', i, 'inventoryQuantities', j, 'name'],
              `Invalid quantity name '${q.name}'`,
              'INVALID_INPUT',
            ),
          );
        }
      }
      planned.push({ input: v, selected, match });
    });
  }
  if (errors.length) return { product: null, created: false, userErrors: errors };

  const created = !existing;
  const product =
    existing ??
    newProduct(shop, {
      title: input.title,
      handle: wantedHandle ?? uniqueHandle(shop, slugify(input.title ?? '')),
    });
  applyProductFields(product, input);
  if (input.productOptions || created) setOptions(shop, product, options);

  if (input.variants) {
    const keep = new Set(planned.flatMap((p) => (p.match ? [p.match.id] : [])));
    for (const id of [...product.variantIds]) if (!keep.has(id)) deleteVariant(shop, id);
    const order: string[] = [];
    planned.forEach((p, index) => {
      const fields = { ...p.input, position: p.input.position ?? index + 1 };
      let variant: VariantRecord;
      if (p.match) {
        variant = p.match;
        updateVariant(shop, variant, fields);
        variant.selectedOptions = p.selected;
        variant.title = variantTitle(p.selected);
      } else {
        variant = createVariant(shop, product, p.selected, fields);
      }
      order.push(variant.id);
      for (const q of p.input.inventoryQuantities ?? []) {
        setLevelQuantity(
          shop,
          variant.inventoryItemId,
          q.locationId,
          q.name as QuantityName,
          q.quantity,
        );
      }
    });
    product.variantIds = order;
  } else if (created) {
    // Shopify gives a new product without variants one variant: the first value of each
    // option, or "Default Title".
    if (!product.options.length)
      setOptions(shop, product, [{ name: 'Title', values: ['Default Title'] }]);
    const selected = product.options.map((o) => ({
      name: o.name,
      value: o.values[0] ?? 'Default Title',
    }));
    createVariant(shop, product, selected, {});
  }
  if (input.files) replaceProductFiles(shop, product, input.files);
  // `metafields` is not a list field: the ones given are set, the others stay.
  for (const write of metafieldWrites) writeMetafield(shop, product.metafields, product.id, write);
  touchProduct(shop, product);
  return { product, created, userErrors: [] };
}
