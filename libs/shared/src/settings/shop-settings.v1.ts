import { IsIn, validateSync } from 'class-validator';
import type { FieldError } from '../domain/errors';
import type { JsonObject } from '../domain/tasks';
import {
  CatalogSettingsV1,
  DirectionsSettingsV1,
  InventorySettingsV1,
  ProductsSettingsV1,
} from './catalog-settings.v1';
import {
  CustomersSettingsV1,
  OrdersSettingsV1,
  ShipmentsSettingsV1,
} from './order-side-settings.v1';
import { WebhooksSettingsV1 } from './webhook-settings.v1';
import { OrderingSettingsV1 } from './ordering-settings.v1';
import { TimeoutSettingsV1 } from './timeout-settings.v1';

// Which Shopify calls are kept in the API call log: none, failed ones only, or all.
export const API_LOG_MODES = ['off', 'errors', 'all'] as const;
export type ApiLogMode = (typeof API_LOG_MODES)[number];
export const DEFAULT_API_LOG_MODE: ApiLogMode = 'errors';

// A shop's `settings`: a few top-level values and one class per section. A field whose default
// is an object is a section; every other field is validated by its class-validator decorators.
export class ShopSettingsV1 {
  @IsIn(API_LOG_MODES, { message: `must be one of ${API_LOG_MODES.join(', ')}` })
  apiLogMode: ApiLogMode = DEFAULT_API_LOG_MODE;

  directions = new DirectionsSettingsV1();
  products = new ProductsSettingsV1();
  inventory = new InventorySettingsV1();
  catalog = new CatalogSettingsV1();
  customers = new CustomersSettingsV1();
  orders = new OrdersSettingsV1();
  shipments = new ShipmentsSettingsV1();
  webhooks = new WebhooksSettingsV1();
  ordering = new OrderingSettingsV1();
  timeouts = new TimeoutSettingsV1();
}

// A section may read some fields with a parser instead of decorators (lists of objects): it
// gives the typed value or the errors, their fields relative to the setting (`[1].name`).
type SettingsParser = (value: unknown) => { value: unknown; errors: FieldError[] };
type SettingsClass = (new () => object) & {
  unknownKey?: string;
  parsers?: Record<string, SettingsParser>;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

// Reads `raw` into `cls`: a bad or missing value keeps its default and a bad one is reported.
// Errors come in field order, unknown keys last; only declared keys are copied (no `__proto__`).
function read(
  cls: SettingsClass,
  raw: Record<string, unknown>,
  path: string,
): { value: object; errors: FieldError[] } {
  const value = new cls() as Record<string, unknown>;
  const byField = new Map<string, FieldError[]>();
  const unknown: FieldError[] = [];
  for (const [key, input] of Object.entries(raw)) {
    const field = `${path}.${key}`;
    if (!Object.hasOwn(value, key)) {
      unknown.push({ field, message: cls.unknownKey ?? 'is not a setting' });
    } else if (isPlainObject(value[key])) {
      if (!isPlainObject(input)) byField.set(key, [{ field, message: 'must be an object' }]);
      else {
        const section = read((value[key] as object).constructor as SettingsClass, input, field);
        value[key] = section.value;
        byField.set(key, section.errors);
      }
    } else value[key] = input;
  }
  const defaults = new cls() as Record<string, unknown>;
  for (const e of validateSync(value, { stopAtFirstError: true, forbidUnknownValues: false })) {
    value[e.property] = defaults[e.property];
    const message = Object.values(e.constraints ?? {})[0] ?? 'is not valid';
    byField.set(e.property, [{ field: `${path}.${e.property}`, message }]);
  }
  for (const [key, parse] of Object.entries(cls.parsers ?? {})) {
    if (!Object.hasOwn(raw, key)) continue;
    const parsed = parse(raw[key]);
    value[key] = parsed.errors.length ? defaults[key] : parsed.value;
    if (parsed.errors.length)
      byField.set(
        key,
        parsed.errors.map((e) => ({ field: `${path}.${key}${e.field}`, message: e.message })),
      );
  }
  const errors = Object.keys(defaults).flatMap((key) => byField.get(key) ?? []);
  return { value, errors: [...errors, ...unknown] };
}

// The settings with their defaults, and what is wrong with the stored or sent value.
export function readShopSettings(raw: JsonObject | null | undefined): {
  settings: ShopSettingsV1;
  errors: FieldError[];
} {
  const { value, errors } = read(ShopSettingsV1, isPlainObject(raw) ? raw : {}, 'settings');
  return { settings: value as ShopSettingsV1, errors };
}

// The one way the apps read a shop's settings. The gateway refuses bad values on the way in;
// a value stored before that (or by hand) reads as its default.
export function shopSettings(shop: { settings: JsonObject | null | undefined }): ShopSettingsV1 {
  return readShopSettings(shop.settings).settings;
}

// Every bad field, named `settings.<section>.<field>`; unknown keys are refused.
export function validateShopSettings(settings: JsonObject): FieldError[] {
  return readShopSettings(settings).errors;
}

// Shorthands for callers that hold the raw settings.
export function apiLogMode(settings: JsonObject | null | undefined): ApiLogMode {
  return readShopSettings(settings).settings.apiLogMode;
}

export function syncDirection(
  settings: JsonObject | null | undefined,
  task: keyof DirectionsSettingsV1,
): DirectionsSettingsV1[typeof task] {
  return readShopSettings(settings).settings.directions[task];
}
