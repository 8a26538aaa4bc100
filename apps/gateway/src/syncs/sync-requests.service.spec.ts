import {
  JobEntity,
  JobsRepository,
  ManualClock,
  RunRequest,
  ShopEntity,
  ShopsRepository,
} from '@shopsync/shared';
import { ShopsService } from '../shops/shops.service';
import { SyncRequestsService } from './sync-requests.service';

// The group-commit writer with its storage mocked: what shares a write, and what happens when a
// shared write fails.
describe('SyncRequestsService batching', () => {
  const shop = {
    id: 'shop-1',
    code: 'eu',
    enabled: true,
    allowBackgroundSync: true,
    categoryMap: {},
    defaultMaxAttempts: 3,
    defaultRerunDelaySeconds: 0,
  } as unknown as ShopEntity;

  function setup(insert: (jobs: JobEntity[]) => Promise<void>) {
    const writes: JobEntity[][] = [];
    const jobs = {
      findByIdempotencyKeys: jest.fn().mockResolvedValue([]),
      findByIdempotencyKey: jest.fn().mockResolvedValue(null),
      findShopsAndQueuedTwins: jest.fn(async (codes: string[]) => ({
        shops: codes.includes('eu') ? [shop] : [],
        twins: [],
      })),
      requestRuns: jest.fn(async (_manager: null, requests: RunRequest[]) => {
        const batch = requests.map((r) => r.job);
        writes.push(batch);
        await insert(batch);
      }),
    } as unknown as JobsRepository;
    const shopRows = {
      findByCodes: jest.fn(async (codes: string[]) => (codes.includes('eu') ? [shop] : [])),
    } as unknown as ShopsRepository;
    const service = new SyncRequestsService(
      jobs,
      {} as ShopsService,
      shopRows,
      new ManualClock(new Date('2026-11-28T10:00:00Z')),
    );
    return { service, writes, jobs };
  }

  it('writes a lone request at once, and those arriving meanwhile together in the next write', async () => {
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    let calls = 0;
    const { service, writes } = setup(() => (calls++ === 0 ? first : Promise.resolve()));
    const a = service.request({
      shopCode: 'eu',
      task: 'inventory',
      trigger: 'manual',
      params: { n: 0 },
    });
    await new Promise((r) => setImmediate(r));
    const rest = [1, 2, 3].map((n) =>
      service.request({ shopCode: 'eu', task: 'inventory', trigger: 'manual', params: { n } }),
    );
    release();
    const outcomes = await Promise.all([a, ...rest]);
    expect(writes.map((w) => w.length)).toEqual([1, 3]);
    expect(writes[1].map((j) => j.params)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(outcomes.every((o) => o.created)).toBe(true);
  });

  it('when a shared write fails, writes each request alone so only the bad one fails', async () => {
    const { service, writes } = setup(async (batch) => {
      if (batch.some((j) => (j.params as { bad?: boolean } | null)?.bad))
        throw new Error('duplicate key value violates unique constraint');
    });
    // The first request holds the writer, so the next three share one write.
    const first = service.request({ shopCode: 'eu', task: 'orders', trigger: 'manual' });
    const three = [{ ok: 1 }, { bad: true }, { ok: 2 }].map((params) =>
      service.request({ shopCode: 'eu', task: 'inventory', trigger: 'manual', params }),
    );
    const settled = await Promise.allSettled([first, ...three]);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    // The shared write of three failed; then each was written alone.
    expect(writes.map((w) => w.length)).toEqual([1, 3, 1, 1, 1]);
  });

  it('refuses unknown shops per request without writing them', async () => {
    const { service, writes } = setup(async () => undefined);
    const [good, bad] = await Promise.allSettled([
      service.request({ shopCode: 'eu', task: 'images', trigger: 'manual' }),
      service.request({ shopCode: 'nope', task: 'images', trigger: 'manual' }),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    expect(writes.flat()).toHaveLength(1);
  });

  it('refuses a task parameter the task would refuse, naming it, and writes nothing', async () => {
    const { service, writes } = setup(async () => undefined);
    await expect(
      service.request({
        shopCode: 'eu',
        task: 'orders',
        trigger: 'manual',
        params: { since: '2026-13-45' },
      }),
    ).rejects.toMatchObject({
      details: [{ field: 'params.since', message: expect.stringContaining('ISO 8601') }],
    });
    await expect(
      service.requestMany([
        { shopCode: 'eu', task: 'inventory', trigger: 'manual', params: { skus: ['A'] } },
        { shopCode: 'eu', task: 'inventory', trigger: 'manual', params: { skus: ['A', ' '] } },
      ]),
    ).rejects.toMatchObject({
      details: [{ field: 'requests[1].params.skus[1]', message: expect.any(String) }],
    });
    expect(writes.flat()).toHaveLength(0);
  });
});
