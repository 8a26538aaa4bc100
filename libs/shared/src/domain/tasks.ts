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
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly JobStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
];
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export const JOB_TRIGGERS = ['manual', 'schedule', 'webhook', 'retry', 'chained', 'kafka'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

// A JSON-serialisable object (stored as JSON text). Not a recursive type on purpose: TypeORM's
// deep-partial typing does not terminate on recursive column types.
export type JsonObject = Record<string, unknown>;
