import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/env';
import { eventually, sleep } from './support/eventually';
import { createTestDatabase } from './support/pg';
import { Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');

interface Schedule {
  id: string;
  status: string;
  nextRunAt: string | null;
  nextRun: { utc: string; local: string } | null;
  recurrence: Record<string, unknown>;
  overlapPolicy: string;
  catchUpWindowSeconds: number;
  maxAttempts: number;
}

interface Job {
  id: string;
  status: string;
  trigger: string;
  scheduleId: string | null;
  occurrenceAt: string | null;
  requestedAt: string;
}

interface FieldErrors {
  code: string;
  message: string;
  errors: Array<{ field: string; message: string }>;
}

// Schedules over HTTP, fired by the scheduler process, run by a worker.
describe('schedules end to end (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  const record = join(mkdtempSync(join(tmpdir(), 'shopsync-sched-e2e-')), 'runs.jsonl');

  beforeAll(async () => {
    db = await createTestDatabase('schedules_e2e');
    stack = await new Stack({
      name: 'schedules',
      databaseUrl: db.url,
      handlerModule: HANDLERS,
      workerEnv: { TEST_RECORD_FILE: record },
    }).start();
    const shop = await stack.api('POST', '/v1/shops', {
      code: 'clock',
      domain: 'clock.myshopify.com',
    });
    expect(shop.status).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const scheduledJobs = async (scheduleId: string): Promise<Job[]> => {
    const page = await stack.api<{ items: Job[] }>('GET', '/v1/jobs?shop=clock&limit=500');
    return page.body.items
      .filter((j) => j.scheduleId === scheduleId && j.trigger === 'schedule')
      .sort((a, b) => a.occurrenceAt!.localeCompare(b.occurrenceAt!));
  };

  it('fires a 2-second schedule on time, stops when paused, and goes on when resumed', async () => {
    const created = await stack.api<Schedule>('POST', '/v1/shops/clock/schedules', {
      task: 'inventory',
      params: { sleepMs: 50 },
      recurrence: { kind: 'cron', expression: '*/2 * * * * *', timeZone: 'Europe/Amsterdam' },
      overlapPolicy: 'allow',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.headers.get('location')).toBe(`/v1/schedules/${id}`);
    expect(created.body).toMatchObject({
      status: 'active',
      overlapPolicy: 'allow',
      catchUpWindowSeconds: 3600,
      maxAttempts: 3,
    });
    expect(created.body.nextRun?.local).toMatch(/[+]0[12]:00$/);

    const preview = await stack.api<{
      timeZone: string;
      items: Array<{ utc: string; local: string }>;
    }>('GET', `/v1/schedules/${id}/occurrences?count=4`);
    expect(preview.status).toBe(200);
    expect(preview.body.timeZone).toBe('Europe/Amsterdam');
    expect(preview.body.items).toHaveLength(4);
    const times = preview.body.items.map((o) => Date.parse(o.utc));
    expect(times.slice(1).map((t, i) => t - times[i])).toEqual([2000, 2000, 2000]);
    expect(Date.parse(preview.body.items[0].local)).toBe(times[0]);

    const fired = await eventually(
      async () => {
        const jobs = await scheduledJobs(id);
        expect(jobs.filter((j) => j.status === 'succeeded').length).toBeGreaterThanOrEqual(3);
        return jobs;
      },
      30_000,
      250,
    );
    const occurrences = fired.map((j) => Date.parse(j.occurrenceAt!));
    for (let i = 1; i < occurrences.length; i++) {
      expect(occurrences[i] - occurrences[i - 1]).toBe(2000);
    }
    for (const job of fired) {
      // Within a second of its due time.
      const late = Date.parse(job.requestedAt) - Date.parse(job.occurrenceAt!);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(1000);
    }
    const ran = readFileSync(record, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; jobId: string });
    expect(ran.filter((r) => r.event === 'start').map((r) => r.jobId)).toEqual(
      expect.arrayContaining(fired.filter((j) => j.status === 'succeeded').map((j) => j.id)),
    );

    const history = await stack.api<{
      items: Array<{ outcome: string; jobId: string; jobStatus: string }>;
    }>('GET', `/v1/schedules/${id}/history?limit=5`);
    expect(history.status).toBe(200);
    expect(history.body.items.length).toBeGreaterThanOrEqual(3);
    expect(history.body.items.every((h) => h.outcome === 'fired' && h.jobId)).toBe(true);
    const metrics = await (await fetch(`${stack.running('scheduler')[0].url}/metrics`)).text();
    const observed = /shopsync_schedule_lateness_seconds_count\{[^}]*\} (\d+)/.exec(metrics);
    expect(Number(observed?.[1])).toBeGreaterThanOrEqual(3);

    const paused = await stack.api<Schedule>('POST', `/v1/schedules/${id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', nextRunAt: null });
    const atPause = (await scheduledJobs(id)).length;
    await sleep(4500);
    expect((await scheduledJobs(id)).length).toBe(atPause);

    const resumedAt = Date.now();
    const resumed = await stack.api<Schedule>('POST', `/v1/schedules/${id}/resume`);
    expect(resumed.body.status).toBe('active');
    await eventually(
      async () => {
        expect((await scheduledJobs(id)).length).toBeGreaterThan(atPause);
      },
      15_000,
      250,
    );
    // Nothing of the pause is caught up: the first run after it is after the resume.
    const after = (await scheduledJobs(id)).slice(atPause);
    expect(Date.parse(after[0].occurrenceAt!)).toBeGreaterThan(resumedAt);
    const all = await stack.api<{ items: Array<{ outcome: string }> }>(
      'GET',
      `/v1/schedules/${id}/history?limit=500`,
    );
    expect(all.body.items.filter((h) => h.outcome !== 'fired')).toEqual([]);

    expect((await stack.api('DELETE', `/v1/schedules/${id}`)).status).toBe(204);
    expect((await stack.api('GET', `/v1/schedules/${id}`)).status).toBe(404);
  });

  it('runs now on request, edits, lists, and answers unknown ids', async () => {
    const created = await stack.api<Schedule>('POST', '/v1/shops/clock/schedules', {
      task: 'orders',
      recurrence: {
        kind: 'window',
        weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
        startTime: '22:00',
        endTime: '02:00',
        everyMinutes: 30,
        timeZone: 'America/New_York',
      },
      params: { sleepMs: 10 },
      status: 'paused',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const run = await stack.api<Job>('POST', `/v1/schedules/${id}/run-now`);
    expect(run.status).toBe(202);
    expect(run.headers.get('location')).toBe(`/v1/jobs/${run.body.id}`);
    expect(run.body).toMatchObject({ trigger: 'manual', scheduleId: id, occurrenceAt: null });
    await eventually(async () =>
      expect((await stack.api<Job>('GET', `/v1/jobs/${run.body.id}`)).body.status).toBe(
        'succeeded',
      ),
    );

    const edited = await stack.api<Schedule>('PATCH', `/v1/schedules/${id}`, {
      recurrence: { kind: 'cron', expression: '0 9 * * 1-5', timeZone: 'Asia/Tokyo' },
      status: 'active',
      maxAttempts: 5,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'active', maxAttempts: 5 });
    expect(edited.body.nextRun?.local).toMatch(/T09:00:00\.000\+09:00$/);

    const list = await stack.api<{ items: Schedule[] }>('GET', '/v1/shops/clock/schedules');
    expect(list.body.items.map((s) => s.id)).toContain(id);
    expect((await stack.api('GET', '/v1/shops/nope/schedules')).status).toBe(404);
    const unknown = await stack.api<FieldErrors>(
      'POST',
      '/v1/schedules/00000000-0000-4000-8000-000000000000/pause',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('SCHEDULE_NOT_FOUND');
    expect((await stack.api<FieldErrors>('GET', '/v1/schedules/not-a-uuid')).status).toBe(400);
  });

  it('refuses invalid input with 400 naming each field and why, and stores nothing', async () => {
    const before = (await stack.api<{ items: Schedule[] }>('GET', '/v1/shops/clock/schedules')).body
      .items.length;
    const post = (body: unknown) =>
      stack.api<FieldErrors>('POST', '/v1/shops/clock/schedules', body);

    const badCron = await post({
      task: 'inventory',
      recurrence: { kind: 'cron', expression: '*/2 * * *', timeZone: 'Europe/Atlantis' },
    });
    expect(badCron.status).toBe(400);
    expect(badCron.body.code).toBe('VALIDATION_FAILED');
    expect(badCron.body.errors).toEqual([
      { field: 'recurrence.timeZone', message: 'unknown IANA time zone "Europe/Atlantis"' },
      {
        field: 'recurrence.expression',
        message: expect.stringMatching(/expected 5 fields .* or 6 .*got 4/),
      },
    ]);
    expect(badCron.body.message).toContain('recurrence.expression: invalid cron expression');

    const badWindow = await post({
      task: 'inventory',
      recurrence: {
        kind: 'window',
        weekdays: ['mon', 'someday'],
        startTime: '7:00',
        endTime: '24:00',
        everyMinutes: 0,
        timeZone: 'UTC',
      },
    });
    expect(badWindow.status).toBe(400);
    expect(badWindow.body.errors.map((e) => e.field).sort()).toEqual([
      'recurrence.endTime',
      'recurrence.everyMinutes',
      'recurrence.startTime',
      'recurrence.weekdays[1]',
    ]);

    const badValues = await post({
      task: 'teleport',
      recurrence: { kind: 'cron', expression: '0 * * * *', timeZone: 'UTC' },
      overlapPolicy: 'sometimes',
      maxAttempts: 0,
      catchUpWindowSeconds: -1,
      expiresAt: 'tomorrow',
      bogus: true,
    });
    expect(badValues.status).toBe(400);
    expect([...new Set(badValues.body.errors.map((e) => e.field))].sort()).toEqual([
      'bogus',
      'catchUpWindowSeconds',
      'expiresAt',
      'maxAttempts',
      'overlapPolicy',
      'task',
    ]);

    const past = await post({
      task: 'inventory',
      recurrence: { kind: 'cron', expression: '0 * * * *', timeZone: 'UTC' },
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([{ field: 'expiresAt', message: 'must be in the future' }]);

    const badCount = await stack.api<FieldErrors>(
      'GET',
      `/v1/schedules/00000000-0000-4000-8000-000000000000/occurrences?count=1000`,
    );
    expect(badCount.status).toBe(400);
    expect(badCount.body.errors[0].field).toBe('count');

    expect(
      (await stack.api<{ items: Schedule[] }>('GET', '/v1/shops/clock/schedules')).body.items,
    ).toHaveLength(before);
  });
});
