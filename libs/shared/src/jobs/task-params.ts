import { ERP_CODE, ERP_CODE_MESSAGE } from '../contracts/erp-inbound.v1';
import { calendarDayExists } from '../domain/calendar';
import { FieldError } from '../domain/errors';
import type { Task } from '../domain/tasks';

// params.skus of an inventory run: at most this many variants.
export const MAX_TARGETED_SKUS = 250;

// An ISO 8601 time with a date, and optionally a time and zone ("2026-11-01",
// "2026-11-01T08:00:00Z", "2026-11-01T08:00:00.000+01:00"); a date that does not exist
// (2026-13-45, 2026-02-30) is refused.
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isIsoTime(value: string): boolean {
  const m = ISO_TIME.exec(value);
  if (!m || !calendarDayExists(value)) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59))
    return false;
  return !Number.isNaN(new Date(value).getTime());
}

type Rule = (value: unknown, field: string) => FieldError | null;

const boolean: Rule = (value, field) =>
  typeof value === 'boolean' ? null : { field, message: 'must be true or false' };

const isoTime: Rule = (value, field) =>
  typeof value === 'string' && isIsoTime(value)
    ? null
    : { field, message: 'must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z' };

const skus: Rule = (value, field) => {
  if (!Array.isArray(value) || !value.length || value.length > MAX_TARGETED_SKUS)
    return { field, message: `must be an array of 1-${MAX_TARGETED_SKUS} SKUs` };
  const bad = value.findIndex((v) => typeof v !== 'string' || !ERP_CODE.test(v));
  return bad < 0
    ? null
    : { field: `${field}[${bad}]`, message: `must be a SKU: ${ERP_CODE_MESSAGE}` };
};

// The parameters each task reads; any other key stays free-form (the bounded JSON the request
// checks already). null reads as absent, as the tasks read it.
const RULES: Partial<Record<Task, Record<string, Rule>>> = {
  orders: { since: isoTime },
  products: { pricesOnly: boolean },
  inventory: { skus, skipImport: boolean },
};

// The task's known parameters that are wrong, each named (`params.since`, with `prefix` before
// it: `requests[2].`): checked where a job or schedule is requested, so a bad value is refused
// there and changes nothing, instead of failing the job later.
export function taskParamsErrors(
  task: string,
  params: Record<string, unknown> | null | undefined,
  prefix = '',
): FieldError[] {
  const rules = Object.hasOwn(RULES, task) ? RULES[task as Task] : undefined;
  if (!rules || !params) return [];
  const errors: FieldError[] = [];
  for (const [name, rule] of Object.entries(rules)) {
    const value = params[name];
    if (value === undefined || value === null) continue;
    const error = rule(value, `${prefix}params.${name}`);
    if (error) errors.push(error);
  }
  return errors;
}
