import { taskParamsErrors, ValidationFailed } from '@shopsync/shared';

// params.skus: absent (every mapped variant) or 1-250 SKUs, by the rule the gateway applies when
// the job is requested (taskParamsErrors); a job that has a bad one anyway (an older gateway's)
// fails naming it.
export function skuParam(value: unknown): Set<string> | null {
  if (value === undefined || value === null) return null;
  const errors = taskParamsErrors('inventory', { skus: value });
  if (errors.length) throw new ValidationFailed(errors);
  return new Set(value as string[]);
}
