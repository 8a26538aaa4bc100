import type { ErpItemEntity } from '@shopsync/shared';
import {
  imageSetHash,
  imagesInput,
  ownedAfterSet,
  staleUrls,
  variantMediaPlan,
  wantedImages,
} from './images-input';

const A = 'https://img.example.com/a.jpg';
const B = 'https://img.example.com/b.jpg';
const C = 'https://img.example.com/c.jpg';

describe('imagesInput / ownedAfterSet', () => {
  it("replaces shopsync's media, keeps the others, and lists a kept image by id", () => {
    const set = imagesInput([B, C, C], 'Tee', { [A]: 'm1', [B]: 'm2' }, ['m1', 'm2', 'm9']);
    expect(set.files).toEqual([
      { id: 'm2' },
      { originalSource: C, contentType: 'IMAGE', alt: 'Tee' },
      { id: 'm9' },
    ]);
    expect(ownedAfterSet(set, ['m1', 'm2', 'm9'], ['m2', 'm10', 'm9'])).toEqual({
      [B]: 'm2',
      [C]: 'm10',
    });
  });

  it('uploads again an image whose recorded media is gone', () => {
    const set = imagesInput([A], 'Tee', { [A]: 'm1' }, []);
    expect(set.files).toEqual([{ originalSource: A, contentType: 'IMAGE', alt: 'Tee' }]);
  });

  it('keeps every media when nothing is recorded', () => {
    expect(imagesInput([A], 'Tee', null, ['m1', 'm2']).files).toEqual([
      { originalSource: A, contentType: 'IMAGE', alt: 'Tee' },
      { id: 'm1' },
      { id: 'm2' },
    ]);
  });
});

describe('images by content', () => {
  const item = {
    imageUrls: [A, B],
    variants: [
      { sku: 'S', imageUrl: C },
      { sku: 'M', imageUrl: A },
      { sku: 'L', imageUrl: null },
    ],
  } as unknown as ErpItemEntity;

  it('wants the item images, then the variant images not among them, once each', () => {
    expect(wantedImages(item)).toEqual({
      urls: [A, B, C],
      variants: [
        { sku: 'S', url: C },
        { sku: 'M', url: A },
      ],
    });
  });

  it('hashes the content and the variant assignments, not only the URLs', () => {
    const wanted = wantedImages(item);
    const hashes = { [A]: 'sha256:1', [B]: 'sha256:2', [C]: 'sha256:3' };
    const base = imageSetHash(wanted, hashes);
    expect(imageSetHash(wanted, { ...hashes })).toBe(base);
    expect(imageSetHash(wanted, { ...hashes, [A]: 'sha256:9' })).not.toBe(base);
    expect(imageSetHash({ ...wanted, variants: wanted.variants.slice(0, 1) }, hashes)).not.toBe(
      base,
    );
  });

  it('takes an image as stale only when its recorded hash differs', () => {
    const hashes = { [A]: 'sha256:new', [B]: 'sha256:same', [C]: 'sha256:first' };
    expect([...staleUrls(hashes, { [A]: 'sha256:old', [B]: 'sha256:same' })]).toEqual([A]);
    expect([...staleUrls(hashes, null)]).toEqual([]);
  });

  it('uploads a stale image again at the same URL and leaves its old media out', () => {
    const set = imagesInput(
      [A, B],
      'Tee',
      { [A]: 'm1', [B]: 'm2' },
      ['m1', 'm2', 'm9'],
      new Set([A]),
    );
    expect(set.files).toEqual([
      { originalSource: A, contentType: 'IMAGE', alt: 'Tee' },
      { id: 'm2' },
      { id: 'm9' },
    ]);
    expect(ownedAfterSet(set, ['m1', 'm2', 'm9'], ['m10', 'm2', 'm9'])).toEqual({
      [A]: 'm10',
      [B]: 'm2',
    });
  });
});

describe('variantMediaPlan', () => {
  const wanted = { urls: [A, B], variants: [{ sku: 'S', url: A }] };
  const owned = { [A]: 'm1', [B]: 'm2' };
  const variantIds = { S: 'v1', M: 'v2' };

  it('attaches the ERP image, detaching what the variant showed first', () => {
    const plan = variantMediaPlan(
      wanted,
      owned,
      variantIds,
      new Map([
        ['v1', 'm7'],
        ['v2', null],
      ]),
      null,
    );
    expect(plan).toEqual({
      detach: [{ variantId: 'v1', mediaIds: ['m7'] }],
      append: [{ variantId: 'v1', mediaIds: ['m1'] }],
      attached: { S: 'm1' },
    });
  });

  it('sends nothing for a variant that shows its image already', () => {
    const plan = variantMediaPlan(wanted, owned, variantIds, new Map([['v1', 'm1']]), { S: 'm1' });
    expect(plan).toEqual({ detach: [], append: [], attached: { S: 'm1' } });
  });

  it("detaches shopsync's media from a variant the ERP took the image from, never Shopify's", () => {
    const none = { urls: [A], variants: [] };
    const current = new Map([
      ['v1', 'm1'],
      ['v2', 'm8'],
    ]);
    expect(variantMediaPlan(none, owned, variantIds, current, { S: 'm1' }).detach).toEqual([
      { variantId: 'v1', mediaIds: ['m1'] },
    ]);
    expect(variantMediaPlan(none, owned, variantIds, current, { S: 'm5' }).detach).toEqual([]);
  });
});
