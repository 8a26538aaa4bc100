import { ERP_CODE, ERP_CODE_MESSAGE, MAX_TARGETED_SKUS, ValidationFailed } from '@shopsync/shared';

// The gateway refuses a bad params.skus when the job is requested (taskParamsErrors); a job
// that has one anyway (an older gateway's) fails naming it.
export { MAX_TARGETED_SKUS };

// params.skus: absent (every mapped variant) or 1-250 distinct SKUs.
export function skuParam(value: unknown): Set<string> | null {
  if (value === undefined || value === null) return null;
  const field = 'params.skus';
  if (!Array.isArray(value) || !value.length || value.length > MAX_TARGETED_SKUS)
    throw new ValidationFailed([
      { field, message: `must be an array of 1-${MAX_TARGETED_SKUS} SKUs` },
    ]);
  const bad = value.findIndex((v) => typeof v !== 'string' || !ERP_CODE.test(v));
  if (bad >= 0)
    throw new ValidationFailed([
      {
        field: `${field}[${bad}]`,
        message: `must be a SKU: ${ERP_CODE_MESSAGE}`,
      },
    ]);
  return new Set(value as string[]);
}
