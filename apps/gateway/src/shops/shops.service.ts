import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CLOCK,
  Clock,
  defaultCategoryMap,
  describeBounds,
  DomainError,
  ERROR_CODES,
  FieldError,
  isTask,
  JsonObject,
  MYSHOPIFY_DOMAIN_RULE,
  normaliseShopDomain,
  jsonWithinBounds,
  SETTINGS_BOUNDS,
  ShopEntity,
  ShopCredentials,
  ShopsRepository,
  ShopWebhooksRepository,
  validateShopSettings,
  ValidationFailed,
} from '@shopsync/shared';
import { CreateShopDto, ShopPlan } from './dto/create-shop.dto';
import { UpdateShopDto } from './dto/update-shop.dto';
import { ShopVerification, ShopVerifier } from './shop-verifier.service';

const CATEGORY = /^[a-z0-9][a-z0-9._-]{0,63}$/;

@Injectable()
export class ShopsService {
  constructor(
    private readonly shops: ShopsRepository,
    private readonly credentials: ShopCredentials,
    private readonly verifier: ShopVerifier,
    private readonly webhooks: ShopWebhooksRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(dto: CreateShopDto): Promise<ShopEntity> {
    const categoryMap = this.categoryMap(dto.categoryMap);
    const settings = this.settings(dto.settings ?? {});
    if (await this.shops.findByCode(dto.code)) {
      throw new DomainError(ERROR_CODES.shopExists, `shop '${dto.code}' already exists`);
    }
    const now = this.clock.now();
    const id = randomUUID();
    const domain = shopDomain(dto.domain);
    const apiVersion = dto.apiVersion ?? '2026-04';
    // Verified before anything is written: a refused token leaves no shop behind.
    const verified = dto.accessToken
      ? await this.verifier.verify({ domain, apiVersion, accessToken: dto.accessToken })
      : null;
    const shop: ShopEntity = {
      id,
      code: dto.code,
      domain,
      apiVersion,
      plan: dto.plan ?? planOf(verified?.rateLimits) ?? 'standard',
      enabled: dto.enabled ?? true,
      allowBackgroundSync: dto.allowBackgroundSync ?? true,
      settings,
      categoryMap,
      defaultMaxAttempts: dto.defaultMaxAttempts ?? 3,
      defaultRerunDelaySeconds: dto.defaultRerunDelaySeconds ?? 60,
      accessTokenEnc: dto.accessToken
        ? this.credentials.seal(id, 'accessToken', dto.accessToken)
        : null,
      appSecretEnc: dto.appSecret ? this.credentials.seal(id, 'appSecret', dto.appSecret) : null,
      rateLimits: verified?.rateLimits ?? null,
      accessScopes: verified?.accessScopes ?? null,
      apiVersionServed: verified?.apiVersionServed ?? null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      // The scheduler makes the webhook subscriptions (never while the request waits).
      await this.shops.transaction(async (m) => {
        await this.shops.insert(shop, m);
        await this.webhooks.requestSync(m, shop.id, now);
      });
    } catch (error) {
      // Two creates raced past the lookup: the unique index decides.
      if (await this.shops.findByCode(dto.code))
        throw new DomainError(ERROR_CODES.shopExists, `shop '${dto.code}' already exists`);
      throw error;
    }
    return shop;
  }

  async get(code: string): Promise<ShopEntity> {
    return this.shops.getByCode(code);
  }

  async getById(id: string): Promise<ShopEntity> {
    return this.shops.getById(id);
  }

  list(): Promise<ShopEntity[]> {
    return this.shops.list();
  }

  // A category change affects new jobs only: queued jobs keep the key they were published with.
  async update(code: string, dto: UpdateShopDto): Promise<ShopEntity> {
    const shop = await this.get(code);
    const patch: Partial<ShopEntity> = { updatedAt: this.clock.now() };
    if (dto.categoryMap)
      patch.categoryMap = this.categoryMap({ ...shop.categoryMap, ...dto.categoryMap });
    if (dto.settings !== undefined)
      patch.settings = this.settings(dto.settings, { ...shop.settings, ...dto.settings });
    if (dto.domain !== undefined) patch.domain = shopDomain(dto.domain);
    if (dto.apiVersion !== undefined && dto.apiVersion !== shop.apiVersion) {
      patch.apiVersion = dto.apiVersion;
      // What was served for the old version says nothing about the new one.
      patch.apiVersionServed = null;
    }
    if (dto.allowBackgroundSync !== undefined) patch.allowBackgroundSync = dto.allowBackgroundSync;
    if (dto.enabled !== undefined) patch.enabled = dto.enabled;
    if (dto.defaultMaxAttempts !== undefined) patch.defaultMaxAttempts = dto.defaultMaxAttempts;
    if (dto.defaultRerunDelaySeconds !== undefined)
      patch.defaultRerunDelaySeconds = dto.defaultRerunDelaySeconds;
    // Last, after every other field is valid: it may call Shopify.
    Object.assign(patch, await this.credentialsPatch(shop, dto));
    if (dto.plan !== undefined) patch.plan = dto.plan;
    else if (patch.rateLimits) patch.plan = planOf(patch.rateLimits) ?? shop.plan;
    await this.write(shop, patch);
    return { ...shop, ...patch };
  }

  // Asks Shopify again with the stored token: the granted scopes (after the app's grant
  // changed), the bucket and the version served are refreshed.
  async reverify(code: string): Promise<ShopEntity> {
    const shop = await this.get(code);
    if (!shop.accessTokenEnc)
      throw new DomainError(
        ERROR_CODES.shopifyCredentialsMissing,
        `shop '${code}' has no access token to verify: set one with PATCH /v1/shops/${code}`,
      );
    const verified = await this.verifier.verify({
      domain: shop.domain,
      apiVersion: shop.apiVersion,
      accessToken: this.credentials.accessToken(shop),
    });
    const patch: Partial<ShopEntity> = { ...verifiedPatch(verified), updatedAt: this.clock.now() };
    if (patch.rateLimits) patch.plan = planOf(patch.rateLimits) ?? shop.plan;
    await this.write(shop, patch);
    return { ...shop, ...patch };
  }

  async remove(code: string): Promise<void> {
    const shop = await this.get(code);
    await this.shops.transaction(async (m) => {
      await this.shops.remove(shop.id, m);
      await this.webhooks.requestRemoval(m, shop, this.clock.now());
    });
  }

  // Any change may change the topics wanted or the store's reach (settings, enabled, token,
  // secret, grant): the scheduler checks the subscriptions again. A new domain leaves the old
  // store's subscriptions to it (its token is replaced and never sent elsewhere).
  private async write(shop: ShopEntity, patch: Partial<ShopEntity>): Promise<void> {
    await this.shops.transaction(async (m) => {
      await this.shops.update(shop.id, patch, m);
      await this.webhooks.requestSync(m, shop.id, patch.updatedAt ?? this.clock.now());
    });
  }

  // A new token, or the stored one against a new API version, is verified first; nothing
  // changes when Shopify refuses it. A new domain needs a new token: the stored one belongs to
  // the old store and is never sent anywhere else.
  private async credentialsPatch(
    shop: ShopEntity,
    dto: UpdateShopDto,
  ): Promise<Partial<ShopEntity>> {
    const patch: Partial<ShopEntity> = {};
    const domain = dto.domain === undefined ? shop.domain : shopDomain(dto.domain);
    if (domain !== shop.domain && dto.accessToken === undefined)
      throw new ValidationFailed([
        {
          field: 'accessToken',
          message: "is required when the domain changes: the stored token is the old store's",
        },
      ]);
    const apiVersion = dto.apiVersion ?? shop.apiVersion;
    const moved = apiVersion !== shop.apiVersion;
    if (dto.accessToken !== undefined || (moved && shop.accessTokenEnc)) {
      const accessToken = dto.accessToken ?? this.credentials.accessToken(shop);
      const verified = await this.verifier.verify({ domain, apiVersion, accessToken });
      if (dto.accessToken !== undefined)
        patch.accessTokenEnc = this.credentials.seal(shop.id, 'accessToken', dto.accessToken);
      Object.assign(patch, verifiedPatch(verified));
    }
    if (dto.appSecret !== undefined)
      patch.appSecretEnc = this.credentials.seal(shop.id, 'appSecret', dto.appSecret);
    return patch;
  }

  // What is sent is validated; a change is merged into what is stored, so the bound holds for the
  // result too. (A key stored before settings were typed does not block a change of another.)
  private settings(sent: Record<string, unknown>, merged = sent): JsonObject {
    if (!jsonWithinBounds(merged, SETTINGS_BOUNDS))
      throw new ValidationFailed([{ field: 'settings', message: describeBounds(SETTINGS_BOUNDS) }]);
    const errors = validateShopSettings(sent as JsonObject);
    if (errors.length) throw new ValidationFailed(errors);
    return merged as JsonObject;
  }

  private categoryMap(input: Record<string, unknown> | undefined): Record<string, string> {
    const map: Record<string, string> = defaultCategoryMap();
    const errors: FieldError[] = [];
    for (const [task, category] of Object.entries(input ?? {})) {
      if (!isTask(task)) errors.push({ field: `categoryMap.${task}`, message: 'is not a task' });
      else if (typeof category !== 'string' || !CATEGORY.test(category)) {
        errors.push({
          field: `categoryMap.${task}`,
          message: 'must be 1-64 lowercase letters, digits, dot, underscore or dash',
        });
      } else map[task] = category;
    }
    if (errors.length) throw new ValidationFailed(errors);
    return map;
  }
}

// What a verification tells about the shop; what Shopify did not report stays as stored.
function verifiedPatch(verified: ShopVerification): Partial<ShopEntity> {
  const patch: Partial<ShopEntity> = {};
  if (verified.rateLimits) patch.rateLimits = verified.rateLimits;
  if (verified.accessScopes) patch.accessScopes = verified.accessScopes;
  if (verified.apiVersionServed) patch.apiVersionServed = verified.apiVersionServed;
  return patch;
}

// The DTO checked the rule already; checked again here so no other caller can store a host.
function shopDomain(input: string): string {
  const domain = normaliseShopDomain(input);
  if (!domain) throw new ValidationFailed([{ field: 'domain', message: MYSHOPIFY_DOMAIN_RULE }]);
  return domain;
}

const PLAN_BY_BUCKET: Record<number, ShopPlan> = {
  2000: 'standard',
  4000: 'advanced',
  20000: 'plus',
  40000: 'enterprise',
};

// The plan follows from the bucket size Shopify reports, when the caller does not name it.
function planOf(limits: Record<string, number> | null | undefined): ShopPlan | undefined {
  const size = limits?.maximumAvailable;
  return size === undefined ? undefined : PLAN_BY_BUCKET[size];
}
