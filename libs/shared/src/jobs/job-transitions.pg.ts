import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobEntity, ShopEntity } from '../database/entities';
import { pgColumns, pgHydrate, pgPrepared } from '../database/pg-statements';
import { JobStatus, JsonObject } from '../domain/tasks';
import type { Lease } from '../leases/leases.repository';
import type { ClaimResult } from './job-store';
import { MicroBatcher } from './micro-batcher';
import type { LogLevel } from './run-requests';

export interface LogLine {
  level: LogLevel;
  message: string;
  data?: JsonObject;
}

// The fields an outcome may set besides status, finishedAt, updatedAt and workerId.
const OUTCOME_FIELDS = [
  'summary',
  'progressProcessed',
  'progressTotal',
  'error',
  'errorCode',
  'nextAttemptAt',
] as const;
type OutcomeField = (typeof OUTCOME_FIELDS)[number];

export type OutcomePatch = Pick<Partial<JobEntity>, OutcomeField | 'finishedAt' | 'updatedAt'> & {
  status: JobStatus;
  workerId?: null;
};

interface ClaimInput {
  id: string;
  key: string;
  holder: string;
  now: Date;
  expiresAt: Date;
}

interface FinishInput {
  id: string;
  patch: OutcomePatch;
  expected: { status: JobStatus; fencingToken: number | null };
  lease: Lease;
  log: LogLine & { attempt: number };
  // What the outcome does to the key's hold (key-hold.ts), written with the lease's release.
  hold: 'set' | 'clear' | null;
}

// Takes free leases and starts queued jobs under them, writing each `started` log line. Keys in
// one call are distinct (the batcher sees to it), so no lease row is touched twice. The `= ANY`
// conditions repeat the joins with the key lists themselves, so the planner looks rows up by key.
// A job starts only when its timing lets it (job-timing.ts: not early, not expired; the runner
// delays or expires it otherwise) and its key's order lets it (KeyOrder): the strict job
// holding the key is itself, or nothing holds the key and no parked job of the key is ahead of it; otherwise the
// lease is taken and the runner parks the job (a job held back is rare, the check is an index
// probe of few rows).
const CLAIM_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
      AS i(key, job_id, holder, now, expires_at)
  ), lease AS (
    INSERT INTO leases (key, "jobId", token, holder, "heartbeatAt", "expiresAt")
    SELECT key, job_id, 1, holder, now, expires_at FROM input
    ON CONFLICT (key) DO UPDATE SET "jobId" = EXCLUDED."jobId", token = leases.token + 1,
      holder = EXCLUDED.holder, "heartbeatAt" = EXCLUDED."heartbeatAt",
      "expiresAt" = EXCLUDED."expiresAt"
    WHERE leases."jobId" IS NULL OR leases."expiresAt" IS NULL
      OR leases."expiresAt" <= EXCLUDED."heartbeatAt"
    RETURNING key, "jobId", token, "holdJobId"
  ), before AS (
    SELECT id, "parkedSeq" FROM jobs WHERE id = ANY($2::text[])
  ), started AS (
    UPDATE jobs SET status = 'running', "startedAt" = i.now, "finishedAt" = NULL,
      "workerId" = i.holder, "fencingToken" = l.token, error = NULL, "errorCode" = NULL,
      "nextAttemptAt" = NULL, "parkedSeq" = NULL, "releasedAt" = NULL, "updatedAt" = i.now
    FROM lease l JOIN input i ON i.key = l.key
    WHERE jobs.id = ANY($2::text[]) AND jobs.id = l."jobId" AND jobs.status = 'queued'
      AND NOT jobs."cancelRequested"
      AND (jobs."startedAt" IS NOT NULL OR (
        (jobs."notBefore" IS NULL OR jobs."notBefore" <= i.now)
        AND (jobs."expiresAt" IS NULL OR jobs."expiresAt" > i.now)))
      AND (l."holdJobId" = jobs.id OR (l."holdJobId" IS NULL AND NOT EXISTS (
        SELECT 1 FROM jobs p WHERE p."shopId" = jobs."shopId" AND p.category = jobs.category
          AND p."parkedSeq" IS NOT NULL AND p.status = 'queued' AND p.id <> jobs.id
          AND (jobs."parkedSeq" IS NULL OR p."parkedSeq" < jobs."parkedSeq"))))
    RETURNING jobs.*
  ), logged AS (
    INSERT INTO job_logs ("jobId", at, attempt, level, message, data)
    SELECT s.id, s."startedAt", s.attempt, 'info', 'started',
      json_build_object('worker', s."workerId", 'lease', s."fencingToken")::text
    FROM started s
  )
  SELECT i.job_id AS "__jobId", l.token AS "__leaseToken", b."parkedSeq" AS "__parkedSeq", s.*
    /*shop*/
  FROM input i LEFT JOIN lease l ON l.key = i.key LEFT JOIN started s ON s.id = i.job_id
    LEFT JOIN before b ON b.id = i.job_id LEFT JOIN shops sh ON sh.id = s."shopId"`;

// A started job's shop comes back with the claim (every run needs its shop, read fresh: here in
// the claim's own snapshot instead of a statement of its own), each column as `__shop_<name>`.
const SHOP_PREFIX = '__shop_';

// Records outcomes where the job's status and fencing token are still the expected ones, with
// their log lines, and releases those runs' leases. A has_* flag false leaves its column as is.
const FINISH_SQL = `
  WITH input AS (
    SELECT * FROM unnest(
      $1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[],
      $7::timestamptz[], $8::timestamptz[],
      $9::bool[], $10::text[], $11::bool[], $12::int[], $13::bool[], $14::int[],
      $15::bool[], $16::text[], $17::bool[], $18::text[], $19::bool[], $20::timestamptz[],
      $21::int[], $22::text[], $23::text[], $24::text[], $25::text[]
    ) AS i(id, expected, fence, lease_key, lease_token, status,
      finished_at, updated_at,
      has_summary, summary, has_processed, processed, has_total, total,
      has_error, error, has_error_code, error_code, has_next, next_attempt_at,
      log_attempt, log_level, log_message, log_data, hold)
  ), done AS (
    UPDATE jobs SET status = i.status, "finishedAt" = i.finished_at, "updatedAt" = i.updated_at,
      "workerId" = NULL,
      summary = CASE WHEN i.has_summary THEN i.summary ELSE jobs.summary END,
      "progressProcessed" =
        CASE WHEN i.has_processed THEN i.processed ELSE jobs."progressProcessed" END,
      "progressTotal" = CASE WHEN i.has_total THEN i.total ELSE jobs."progressTotal" END,
      error = CASE WHEN i.has_error THEN i.error ELSE jobs.error END,
      "errorCode" = CASE WHEN i.has_error_code THEN i.error_code ELSE jobs."errorCode" END,
      "nextAttemptAt" =
        CASE WHEN i.has_next THEN i.next_attempt_at ELSE jobs."nextAttemptAt" END
    FROM input i
    WHERE jobs.id = ANY($1::text[]) AND jobs.id = i.id AND jobs.status = i.expected
      AND (i.fence IS NULL OR jobs."fencingToken" = i.fence)
    RETURNING jobs.id
  ), logged AS (
    INSERT INTO job_logs ("jobId", at, attempt, level, message, data)
    SELECT i.id, i.updated_at, i.log_attempt, i.log_level, i.log_message, i.log_data
    FROM input i JOIN done d ON d.id = i.id
  ), released AS (
    UPDATE leases SET "jobId" = NULL, holder = NULL, "expiresAt" = NULL,
      "holdJobId" = CASE WHEN i.hold = 'set' THEN i.id
        WHEN i.hold = 'clear' AND leases."holdJobId" = i.id THEN NULL
        ELSE leases."holdJobId" END
    FROM input i JOIN done d ON d.id = i.id
    WHERE leases.key = ANY($4::text[]) AND leases.key = i.lease_key
      AND leases.token = i.lease_token
  )
  SELECT id FROM done`;

// The worker's two hot transitions on PostgreSQL, each one statement (atomic as a whole):
// taking the lease and starting the job; recording the outcome with its log line and releasing
// the lease. Calls that arrive while a statement is in flight share the next one, so under load
// many jobs start or finish per round trip. PgJobStore uses them; SQLite (in-process, where a
// round trip costs nothing) takes the portable JobStore: the same steps as separate statements.
@Injectable()
export class PgJobTransitions {
  private readonly claims = new MicroBatcher<ClaimInput, ClaimResult>(
    MicroBatcher.mapping((batch) => this.claimMany(batch)),
    { keyOf: (input) => input.key },
  );
  private readonly finishes = new MicroBatcher<FinishInput, boolean>(
    MicroBatcher.mapping((batch) => this.finishMany(batch)),
    { keyOf: (input) => input.id },
  );

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Takes the key's lease if it is free (or expired) and, under it, starts the job if it is
  // queued and not cancelled, writing the `started` log line.
  claim(
    job: { id: string; key: string },
    holder: string,
    now: Date,
    ttlMs: number,
  ): Promise<ClaimResult> {
    return this.claims.add({
      id: job.id,
      key: job.key,
      holder,
      now,
      expiresAt: new Date(now.getTime() + ttlMs),
    });
  }

  // Writes the outcome only while the job's status and fencing token are the expected ones, with
  // its log line, and releases the lease. False when refused.
  finish(
    jobId: string,
    patch: OutcomePatch,
    expected: { status: JobStatus; fencingToken: number | null },
    lease: Lease,
    log: LogLine & { attempt: number },
    hold: 'set' | 'clear' | null = null,
  ): Promise<boolean> {
    return this.finishes.add({ id: jobId, patch, expected, lease, log, hold });
  }

  private claimSql?: string;

  private async claimMany(batch: ClaimInput[]): Promise<ClaimResult[]> {
    this.claimSql ??= CLAIM_SQL.replace(
      '/*shop*/',
      `, ${pgColumns(this.ds, ShopEntity, 'sh', SHOP_PREFIX)}`,
    );
    const rows = await pgPrepared<Record<string, unknown>>(this.ds, this.claimSql, [
      batch.map((b) => b.key),
      batch.map((b) => b.id),
      batch.map((b) => b.holder),
      batch.map((b) => b.now),
      batch.map((b) => b.expiresAt),
    ]);
    const byJob = new Map(rows.map((r) => [r.__jobId as string, r]));
    return batch.map((b) => {
      const row = byJob.get(b.id) ?? {};
      const token = row.__leaseToken == null ? null : Number(row.__leaseToken);
      const job = row.id ? pgHydrate(this.ds, JobEntity, row) : null;
      const shop =
        job && row[`${SHOP_PREFIX}id`]
          ? pgHydrate(this.ds, ShopEntity, row, SHOP_PREFIX)
          : undefined;
      return { token, job, wasParked: job !== null && row.__parkedSeq != null, shop };
    });
  }

  private async finishMany(batch: FinishInput[]): Promise<boolean[]> {
    const has = (b: FinishInput, field: OutcomeField) => field in b.patch;
    const value = <K extends OutcomeField>(b: FinishInput, field: K) =>
      b.patch[field] === undefined ? null : b.patch[field];
    const rows = await pgPrepared<{ id: string }>(this.ds, FINISH_SQL, [
      batch.map((b) => b.id),
      batch.map((b) => b.expected.status),
      batch.map((b) => b.expected.fencingToken),
      batch.map((b) => b.lease.key),
      batch.map((b) => b.lease.token),
      batch.map((b) => b.patch.status),
      batch.map((b) => b.patch.finishedAt ?? null),
      batch.map((b) => b.patch.updatedAt ?? new Date()),
      batch.map((b) => has(b, 'summary')),
      batch.map((b) => {
        const summary = value(b, 'summary');
        return summary === null ? null : JSON.stringify(summary);
      }),
      batch.map((b) => has(b, 'progressProcessed')),
      batch.map((b) => value(b, 'progressProcessed')),
      batch.map((b) => has(b, 'progressTotal')),
      batch.map((b) => value(b, 'progressTotal')),
      batch.map((b) => has(b, 'error')),
      batch.map((b) => value(b, 'error')),
      batch.map((b) => has(b, 'errorCode')),
      batch.map((b) => value(b, 'errorCode')),
      batch.map((b) => has(b, 'nextAttemptAt')),
      batch.map((b) => value(b, 'nextAttemptAt')),
      batch.map((b) => b.log.attempt),
      batch.map((b) => b.log.level),
      batch.map((b) => b.log.message),
      batch.map((b) => (b.log.data === undefined ? null : JSON.stringify(b.log.data))),
      batch.map((b) => b.hold),
    ]);
    const done = new Set(rows.map((r) => r.id));
    return batch.map((b) => done.has(b.id));
  }
}

// The patch as an outcome the one-statement finish can write, or null when it sets anything else.
export function asOutcomePatch(patch: Partial<JobEntity>): OutcomePatch | null {
  const allowed = new Set<string>([
    ...OUTCOME_FIELDS,
    'status',
    'finishedAt',
    'updatedAt',
    'workerId',
  ]);
  if (!patch.status || patch.workerId) return null;
  return Object.keys(patch).every((k) => allowed.has(k)) ? (patch as OutcomePatch) : null;
}
