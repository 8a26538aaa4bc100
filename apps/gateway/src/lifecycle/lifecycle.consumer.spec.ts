import { ContractViolation, KeyedKafkaContext, SyncLifecycleV1 } from '@shopsync/shared';
import { JobEventsService } from './job-events.service';
import { LifecycleConsumer } from './lifecycle.consumer';

// Every gateway instance reads every lifecycle event; only those someone on the instance waits
// for or streams are validated and fanned out.

const JOB = '0b4c0c4e-1111-4a1a-9c6d-0000000000aa';
const OTHER = '0b4c0c4e-1111-4a1a-9c6d-0000000000bb';
const event = (jobId: string) => ({ jobId, status: 'running', at: '2026-12-01T10:00:00Z' });
const ctx = { message: { key: 'shop-1/default' } } as unknown as KeyedKafkaContext;

describe('LifecycleConsumer', () => {
  let events: JobEventsService;
  let consumer: LifecycleConsumer;

  beforeEach(() => {
    events = new JobEventsService();
    consumer = new LifecycleConsumer(events);
  });

  it('passes an event to the wait for its job, and not one of another job', async () => {
    const seen: SyncLifecycleV1[] = [];
    const off = events.onJob(JOB, (e) => seen.push(e));
    await consumer.onLifecycle(event(JOB), ctx);
    await consumer.onLifecycle(event(OTHER), ctx);
    expect(seen.map((e) => e.jobId)).toEqual([JOB]);
    off();
    expect(events.wants(JOB)).toBe(false);
  });

  it('passes every event, with its shop, to a stream of all events', async () => {
    const seen: Array<[string, string | undefined]> = [];
    const off = events.onAny((e, shopId) => seen.push([e.jobId, shopId]));
    await consumer.onLifecycle(event(OTHER), ctx);
    expect(seen).toEqual([[OTHER, 'shop-1']]);
    off();
  });

  it('validates what someone waits for (an invalid event is refused naming the field)', async () => {
    const off = events.onJob(JOB, () => undefined);
    const error = await consumer
      .onLifecycle({ ...event(JOB), status: 'teleported' }, ctx)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolation);
    expect(String((error as Error).message)).toContain('status');
    off();
  });

  it('leaves an event nobody here waits for unparsed (even one that would not validate)', async () => {
    expect(events.wants(JOB)).toBe(false);
    await expect(
      consumer.onLifecycle({ ...event(JOB), status: 'teleported' }, ctx),
    ).resolves.toBeUndefined();
    await expect(consumer.onLifecycle('not an object', ctx)).resolves.toBeUndefined();
  });

  it('is idle with no wait and no stream, and busy while one is open', () => {
    expect(events.idle).toBe(true);
    const offJob = events.onJob(JOB, () => undefined);
    expect(events.idle).toBe(false);
    offJob();
    expect(events.idle).toBe(true);
    const offAny = events.onAny(() => undefined);
    expect(events.idle).toBe(false);
    offAny();
    expect(events.idle).toBe(true);
  });
});
