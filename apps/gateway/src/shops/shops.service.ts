import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CLOCK,
  Clock,
  defaultCategoryMap,
  DomainError,
  ERROR_CODES,
  FieldError,
  isTask,
  JsonObject,
  ShopEntity,
  ShopNotFound,
  ShopsRepository,
  ValidationFailed,
} from '@shopsync/shared';
import { CreateShopDto } from './dto/create-shop.dto';
import { UpdateShopDto } from './dto/update-shop.dto';

const CATEGORY = /^[a-z0-9][a-z0-9._-]{0,63}$/;

@Injectable()
export class ShopsService {
  constructor(
    private readonly shops: ShopsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(dto: CreateShopDto): Promise<ShopEntity> {
    const categoryMap = this.categoryMap(dto.categoryMap);
    if (await this.shops.findByCode(dto.code)) {
      throw new DomainError(ERROR_CODES.shopExists, `shop '${dto.code}' already exists`);
    }
    const now = this.clock.now();
    const shop: ShopEntity = {
      id: randomUUID(),
      code: dto.code,
      domain: dto.domain.toLowerCase(),
      apiVersion: dto.apiVersion ?? '2026-04',
      plan: dto.plan ?? 'standard',
      enabled: dto.enabled ?? true,
      allowBackgroundSync: dto.allowBackgroundSync ?? true,
      settings: (dto.settings ?? {}) as JsonObject,
      categoryMap,
      defaultMaxAttempts: dto.defaultMaxAttempts ?? 3,
      defaultRerunDelaySeconds: dto.defaultRerunDelaySeconds ?? 60,
      accessTokenEnc: null,
      appSecretEnc: null,
      rateLimits: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.shops.insert(shop);
    } catch (error) {
      // Two creates raced past the lookup: the unique index decides.
      if (await this.shops.findByCode(dto.code))
        throw new DomainError(ERROR_CODES.shopExists, `shop '${dto.code}' already exists`);
      throw error;
    }
    return shop;
  }

  async get(code: string): Promise<ShopEntity> {
    const shop = await this.shops.findByCode(code);
    if (!shop) throw new ShopNotFound(code);
    return shop;
  }

  async getById(id: string): Promise<ShopEntity> {
    const shop = await this.shops.findById(id);
    if (!shop) throw new ShopNotFound(id);
    return shop;
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
    if (dto.domain !== undefined) patch.domain = dto.domain.toLowerCase();
    if (dto.apiVersion !== undefined) patch.apiVersion = dto.apiVersion;
    if (dto.plan !== undefined) patch.plan = dto.plan;
    if (dto.allowBackgroundSync !== undefined) patch.allowBackgroundSync = dto.allowBackgroundSync;
    if (dto.enabled !== undefined) patch.enabled = dto.enabled;
    if (dto.settings !== undefined)
      patch.settings = { ...shop.settings, ...(dto.settings as JsonObject) };
    if (dto.defaultMaxAttempts !== undefined) patch.defaultMaxAttempts = dto.defaultMaxAttempts;
    if (dto.defaultRerunDelaySeconds !== undefined)
      patch.defaultRerunDelaySeconds = dto.defaultRerunDelaySeconds;
    await this.shops.update(shop.id, patch);
    return { ...shop, ...patch };
  }

  async remove(code: string): Promise<void> {
    const shop = await this.get(code);
    await this.shops.remove(shop.id);
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
