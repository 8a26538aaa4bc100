// productSet's `files` for an item's images. It is a list field: media it leaves out are
// deleted. So only the media shopsync set (URL → id, recorded on the mapping) are replaced; every
// other media of the product (added in Shopify) is listed back by id and kept. An image already
// set is listed by id (not uploaded again). With nothing recorded yet (`owned` null, a mapping
// from before it was) every current media is kept.

export interface ImagesSet {
  files: Array<{ id: string } | { originalSource: string; contentType: 'IMAGE'; alt: string }>;
  // Per ERP URL, the media id it keeps (null: uploaded by this set).
  urls: Array<{ url: string; id: string | null }>;
}

export function imagesInput(
  urls: string[],
  alt: string,
  owned: Record<string, string> | null,
  current: string[],
): ImagesSet {
  const exists = new Set(current);
  const mine = new Set(Object.values(owned ?? {}));
  const kept = owned === null ? current : current.filter((id) => !mine.has(id));
  const entries = [...new Set(urls)].map((url) => {
    const id = owned?.[url];
    return { url, id: id && exists.has(id) ? id : null };
  });
  const ownFiles = entries.map((e) =>
    e.id ? { id: e.id } : { originalSource: e.url, contentType: 'IMAGE' as const, alt },
  );
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
