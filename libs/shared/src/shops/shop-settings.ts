import type { FieldError } from '../domain/errors';
import type { JsonObject } from '../domain/tasks';
import { validateOrderSideSettings } from './order-settings';

// Typed access to the parts of a shop's free-form `settings` that the platform itself reads.

// Which Shopify calls are kept in the API call log: none, failed ones only, or all.
export const API_LOG_MODES = ['off', 'errors', 'all'] as const;
export type ApiLogMode = (typeof API_LOG_MODES)[number];
export const DEFAULT_API_LOG_MODE: ApiLogMode = 'errors';

// Direction of the tasks that can run either way (settings.directions.<task>).
export const SYNC_DIRECTIONS = ['to-shopify', 'from-shopify', 'off'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];
export const DIRECTED_TASKS = ['products', 'images'] as const;
export type DirectedTask = (typeof DIRECTED_TASKS)[number];

export function apiLogMode(settings: JsonObject | null | undefined): ApiLogMode {
  const mode = settings?.apiLogMode;
  return API_LOG_MODES.includes(mode as ApiLogMode) ? (mode as ApiLogMode) : DEFAULT_API_LOG_MODE;
}

export function syncDirection(
  settings: JsonObject | null | undefined,
  task: DirectedTask,
): SyncDirection {
  const directions = settings?.directions;
  const value =
    directions && typeof directions === 'object'
      ? (directions as Record<string, unknown>)[task]
      : undefined;
  return SYNC_DIRECTIONS.includes(value as SyncDirection) ? (value as SyncDirection) : 'to-shopify';
}

// Errors for the settings this module knows; other keys are left to their owners.
export function validateShopSettings(settings: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  if (
    settings.apiLogMode !== undefined &&
    !API_LOG_MODES.includes(settings.apiLogMode as ApiLogMode)
  )
    errors.push({
      field: 'settings.apiLogMode',
      message: `must be one of ${API_LOG_MODES.join(', ')}`,
    });
  const directions = settings.directions;
  if (directions !== undefined) {
    if (!directions || typeof directions !== 'object' || Array.isArray(directions)) {
      errors.push({ field: 'settings.directions', message: 'must be an object' });
    } else {
      for (const [task, value] of Object.entries(directions)) {
        if (!DIRECTED_TASKS.includes(task as DirectedTask))
          errors.push({
            field: `settings.directions.${task}`,
            message: `only ${DIRECTED_TASKS.join(', ')} have a direction`,
          });
        else if (!SYNC_DIRECTIONS.includes(value as SyncDirection))
          errors.push({
            field: `settings.directions.${task}`,
            message: `must be one of ${SYNC_DIRECTIONS.join(', ')}`,
          });
      }
    }
  }
  errors.push(...validateOrderSideSettings(settings));
  return errors;
}
