export const TASKS = [
  'products',
  'inventory',
  'images',
  'customers',
  'orders',
  'sales-orders',
  'shipments',
  'payments',
] as const;
export type Task = (typeof TASKS)[number];

export function isTask(value: unknown): value is Task {
  return typeof value === 'string' && (TASKS as readonly string[]).includes(value);
}

export const DEFAULT_CATEGORY = 'default';
export type CategoryMap = Record<Task, string>;

export function defaultCategoryMap(): CategoryMap {
  return Object.fromEntries(TASKS.map((t) => [t, DEFAULT_CATEGORY])) as CategoryMap;
}

export const JOB_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'retry-scheduled',
  'skipped',
  // Not before its `notBefore`: the scheduler queues it again when that comes (job-timing.ts).
  'delayed',
  // Still not started at its `expiresAt`: ended without running.
  'expired',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly JobStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
  'expired',
];
export function isTerminal(status: JobStatus | 'waiting'): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

// `waiting` is never stored: it is a queued job that another job of its shop+category holds
// back (one running, or a strict one not settled), read from the lease row when the job is read.
// The API, its `status` filter and lifecycle events show it beside the stored statuses.
export const JOB_VIEW_STATUSES = [...JOB_STATUSES, 'waiting'] as const;
export type JobViewStatus = (typeof JOB_VIEW_STATUSES)[number];

// How a job holds its shop+category key. `lenient`: only while it runs (later jobs go ahead
// while it waits for a retry). `strict`: from its first start until it settles (succeeds, is
// cancelled or skipped, or fails and is acknowledged or retried), so no later job of the key
// runs while it is running, waiting for a retry or failed.
export const ORDERINGS = ['lenient', 'strict'] as const;
export type Ordering = (typeof ORDERINGS)[number];

export const JOB_TRIGGERS = ['manual', 'schedule', 'webhook', 'retry', 'chained', 'kafka'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

// A JSON-serialisable object (stored as JSON text). Not a recursive type on purpose: TypeORM's
// deep-partial typing does not terminate on recursive column types.
export type JsonObject = Record<string, unknown>;
