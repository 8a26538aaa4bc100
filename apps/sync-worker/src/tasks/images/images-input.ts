import type { ErpItemEntity } from '@shopsync/shared';
import { hashOf } from '../../catalog/catalog-diff';

// productSet's `files` for an item's images. It is a list field: media it leaves out are
// deleted. So only the media shopsync set (URL → id, recorded on the mapping) are replaced; every
// other media of the product (added in Shopify) is listed back by id and kept. An image already
// set and unchanged is listed by id (not uploaded again); one whose content changed (`stale`,
// same URL or not) is uploaded again and its old media left out. With nothing recorded yet
// (`owned` null, a mapping from before it was) every current media is kept.

export interface ImagesSet {
  files: Array<{ id: string } | { originalSource: string; contentType: 'IMAGE'; alt: string }>;
  // Per ERP URL, the media id it keeps (null: uploaded by this set).
  urls: Array<{ url: string; id: string | null }>;
}

// The images an item wants in Shopify: its own, then its variants' (a variant's image must be a
// media of the product), each URL once; and which variant shows which.
export interface WantedImages {
  urls: string[];
  variants: Array<{ sku: string; url: string }>;
}

export function wantedImages(item: ErpItemEntity): WantedImages {
  const variants = item.variants.flatMap((v) =>
    v.imageUrl ? [{ sku: v.sku, url: v.imageUrl }] : [],
  );
  return { urls: [...new Set([...item.imageUrls, ...variants.map((v) => v.url)])], variants };
}

// What the images task compares with the last run: every image's content hash and the variant
// assignments. Equal: nothing is sent.
export function imageSetHash(wanted: WantedImages, hashes: Record<string, string>): string {
  return hashOf({
    images: wanted.urls.map((url) => [url, hashes[url] ?? null]),
    variants: wanted.variants.map((v) => [v.sku, v.url]),
  });
}

// URLs whose media shopsync set with another content hash than the image has now. An image
// without a recorded hash (set before hashes were recorded) is taken as unchanged.
export function staleUrls(
  hashes: Record<string, string>,
  recorded: Record<string, string> | null | undefined,
): Set<string> {
  return new Set(
    Object.entries(hashes).flatMap(([url, hash]) => {
      const before = recorded?.[url];
      return before !== undefined && before !== hash ? [url] : [];
    }),
  );
}

export function imagesInput(
  urls: string[],
  alt: string,
  owned: Record<string, string> | null,
  current: string[],
  stale: Set<string> = new Set(),
): ImagesSet {
  const exists = new Set(current);
  const mine = new Set(Object.values(owned ?? {}));
  const kept = owned === null ? current : current.filter((id) => !mine.has(id));
  const entries = [...new Set(urls)].map((url) => {
    const id = owned?.[url];
    return { url, id: id && exists.has(id) && !stale.has(url) ? id : null };
  });
  const ownFiles = entries.map((e) =>
    e.id ? { id: e.id } : { originalSource: e.url, contentType: 'IMAGE' as const, alt },
  );
  // A stale media is shopsync's (not in `kept`): left out, it is deleted.
  const keptFiles = kept.filter((id) => !entries.some((e) => e.id === id)).map((id) => ({ id }));
  return { files: [...ownFiles, ...keptFiles], urls: entries };
}

// The URL → media id map after a set: kept ids stay, the new media (ids not there before, in
// the order Shopify lists them) go to the uploaded URLs in order.
export function ownedAfterSet(
  set: ImagesSet,
  before: string[],
  after: string[],
): Record<string, string> {
  const old = new Set(before);
  const fresh = after.filter((id) => !old.has(id));
  const out: Record<string, string> = {};
  for (const entry of set.urls) {
    const id = entry.id ?? fresh.shift();
    if (id) out[entry.url] = id;
  }
  return out;
}

export interface VariantMediaPair {
  variantId: string;
  mediaIds: [string];
}

export interface VariantMediaPlan {
  detach: VariantMediaPair[];
  append: VariantMediaPair[];
  // SKU → media id shopsync has attached after the plan ran.
  attached: Record<string, string>;
}

// Variant images: a variant the ERP gives an image shows that media (a variant has one: what it
// shows now is detached first); one whose ERP image is gone loses the media shopsync attached,
// never one attached in Shopify. `current`: variant id → the media it shows now (null: none).
export function variantMediaPlan(
  wanted: WantedImages,
  owned: Record<string, string>,
  variantIds: Record<string, string>,
  current: Map<string, string | null>,
  attachedBefore: Record<string, string> | null | undefined,
): VariantMediaPlan {
  const plan: VariantMediaPlan = { detach: [], append: [], attached: {} };
  const wantedBySku = new Map(wanted.variants.map((v) => [v.sku, owned[v.url]]));
  const skus = new Set([...wantedBySku.keys(), ...Object.keys(attachedBefore ?? {})]);
  for (const sku of skus) {
    const variantId = variantIds[sku];
    if (!variantId || !current.has(variantId)) continue;
    const now = current.get(variantId) ?? null;
    const desired = wantedBySku.get(sku);
    if (desired) {
      plan.attached[sku] = desired;
      if (now === desired) continue;
      if (now) plan.detach.push({ variantId, mediaIds: [now] });
      plan.append.push({ variantId, mediaIds: [desired] });
    } else if (now && now === attachedBefore?.[sku]) {
      plan.detach.push({ variantId, mediaIds: [now] });
    }
  }
  return plan;
}
