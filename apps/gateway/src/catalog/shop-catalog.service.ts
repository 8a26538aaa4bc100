import { Inject, Injectable } from '@nestjs/common';
import {
  classifyShopifyOutcome,
  CLOCK,
  Clock,
  DomainError,
  ERROR_CODES,
  FieldError,
  ShopCredentials,
  ShopEntity,
  ShopifyTransport,
  ShopifyTransportFactory,
  ShopLocationEntity,
  ShopProductEntity,
  ShopsRepository,
  ValidationFailed,
  withShopifyRetry,
} from '@shopsync/shared';
import { AddShopProductsDto, PutLocationsDto } from './dto/shop-catalog.dto';
import { ShopCatalogRepository } from './shop-catalog.repository';
import { SHOP_LOCATIONS } from './shop-locations.graphql';

export interface ShopProductView {
  itemNo: string;
  shopifyProductId: string | null;
  variants: Array<{ sku: string; variantId: string; inventoryItemId: string | null }>;
  lastSyncedAt: string | null;
  lastError: string | null;
  addedAt: string;
}

export interface ShopLocationView {
  shopifyLocationId: string;
  name: string;
  active: boolean;
  erpLocationCode: string | null;
  stockSync: boolean;
}

interface LocationsPage {
  locations: {
    nodes: Array<{ id: string; name: string; isActive: boolean }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const ATTEMPTS = 4;
const TIMEOUT_MS = 10_000;

// A shop's catalog: which ERP items it sells (the products task creates them in Shopify), and
// its Shopify locations with the ERP location code each one takes its stock from.
@Injectable()
export class ShopCatalogService {
  constructor(
    private readonly shops: ShopsRepository,
    private readonly repo: ShopCatalogRepository,
    private readonly credentials: ShopCredentials,
    private readonly transports: ShopifyTransportFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async addProducts(
    code: string,
    dto: AddShopProductsDto,
  ): Promise<{ added: number; matched: number; unknownSkus: string[] }> {
    const shop = await this.shop(code);
    if (!dto.skus && !dto.filter)
      throw new ValidationFailed([{ field: 'skus', message: 'give skus or filter' }]);
    const filter = dto.filter;
    if (
      filter &&
      !filter.all &&
      !filter.vendor &&
      !filter.productType &&
      !filter.tag &&
      !filter.itemNos
    )
      throw new ValidationFailed([
        { field: 'filter', message: 'needs vendor, productType, tag, itemNos or all: true' },
      ]);
    const itemNos = new Set<string>();
    let unknownSkus: string[] = [];
    if (dto.skus) {
      const found = await this.repo.itemNosBySkus([...new Set(dto.skus)]);
      found.itemNos.forEach((n) => itemNos.add(n));
      unknownSkus = found.unknown;
    }
    if (filter) (await this.repo.itemNosByFilter(filter)).forEach((n) => itemNos.add(n));
    const added = await this.repo.addProducts(shop.id, [...itemNos], this.clock.now());
    return { added, matched: itemNos.size, unknownSkus };
  }

  async listProducts(
    code: string,
    limit: number,
    offset: number,
  ): Promise<{ items: ShopProductView[]; total: number }> {
    const shop = await this.shop(code);
    const [rows, total] = await this.repo.listProducts(shop.id, limit, offset);
    return { items: rows.map(toProductView), total };
  }

  // Imports the shop's Shopify locations (names, active), keeping each one's mapping.
  async locations(code: string): Promise<ShopLocationView[]> {
    const shop = await this.shop(code);
    await this.importLocations(shop);
    return (await this.repo.locations(shop.id)).map(toLocationView);
  }

  async mapLocations(code: string, dto: PutLocationsDto): Promise<ShopLocationView[]> {
    const shop = await this.shop(code);
    await this.importLocations(shop);
    const known = new Map(
      (await this.repo.locations(shop.id)).map((l) => [l.shopifyLocationId, l]),
    );
    const errors: FieldError[] = [];
    const changed: ShopLocationEntity[] = [];
    dto.locations.forEach((m, i) => {
      const location = known.get(m.shopifyLocationId);
      if (!location) {
        errors.push({
          field: `locations[${i}].shopifyLocationId`,
          message: `is not a location of shop '${code}'`,
        });
        return;
      }
      if (m.erpLocationCode !== undefined) location.erpLocationCode = m.erpLocationCode;
      if (m.stockSync !== undefined) location.stockSync = m.stockSync;
      if (location.stockSync && !location.erpLocationCode)
        errors.push({
          field: `locations[${i}].erpLocationCode`,
          message: 'is needed to sync stock to this location',
        });
      changed.push(location);
    });
    if (errors.length) throw new ValidationFailed(errors, 'the locations were not changed');
    await this.repo.saveLocations(changed);
    return (await this.repo.locations(shop.id)).map(toLocationView);
  }

  private async shop(code: string): Promise<ShopEntity> {
    return this.shops.getByCode(code);
  }

  private async importLocations(shop: ShopEntity): Promise<void> {
    const transport = this.transports.create({
      domain: shop.domain,
      apiVersion: shop.apiVersion,
      accessToken: this.credentials.accessToken(shop),
    });
    const known = new Map(
      (await this.repo.locations(shop.id)).map((l) => [l.shopifyLocationId, l]),
    );
    const now = this.clock.now();
    const rows: ShopLocationEntity[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.call(shop, transport, { first: 100, after });
      for (const node of page.locations.nodes) {
        const prior = known.get(node.id);
        rows.push({
          shopId: shop.id,
          shopifyLocationId: node.id,
          name: node.name,
          active: node.isActive,
          erpLocationCode: prior?.erpLocationCode ?? null,
          stockSync: prior?.stockSync ?? false,
          importedAt: now,
        });
      }
      if (!page.locations.pageInfo.hasNextPage) break;
      after = page.locations.pageInfo.endCursor;
    }
    await this.repo.saveLocations(rows);
  }

  private async call(
    shop: ShopEntity,
    transport: ShopifyTransport,
    variables: Record<string, unknown>,
  ): Promise<LocationsPage> {
    const { outcome } = await withShopifyRetry(
      async () =>
        classifyShopifyOutcome(
          await transport.send({
            document: SHOP_LOCATIONS,
            variables,
            signal: AbortSignal.timeout(TIMEOUT_MS),
          }),
        ),
      { maxAttempts: ATTEMPTS },
    );
    switch (outcome.kind) {
      case 'unauthorized':
        throw new DomainError(
          ERROR_CODES.shopifyUnauthorized,
          `Shopify refused the access token of shop '${shop.code}' (HTTP ${outcome.httpStatus})`,
        );
      case 'throttled':
      case 'transient':
        throw new DomainError(
          ERROR_CODES.shopifyUnavailable,
          `Shopify did not list the locations of shop '${shop.code}' (${outcome.kind === 'throttled' ? 'throttled' : outcome.message}); try again`,
          'transient',
        );
      case 'permanent':
        throw new DomainError(
          ERROR_CODES.shopifyQueryFailed,
          `Shopify did not list the locations of shop '${shop.code}': ${outcome.message}`,
        );
    }
    if (!outcome.data)
      throw new DomainError(
        ERROR_CODES.shopifyQueryFailed,
        `Shopify did not list the locations of shop '${shop.code}': no data`,
      );
    return outcome.data as LocationsPage;
  }
}

function toProductView(row: ShopProductEntity): ShopProductView {
  return {
    itemNo: row.itemNo,
    shopifyProductId: row.shopifyProductId,
    variants: Object.entries(row.variantIds).map(([sku, variantId]) => ({
      sku,
      variantId,
      inventoryItemId: row.inventoryItemIds[sku] ?? null,
    })),
    lastSyncedAt: row.lastSyncedAt ? new Date(row.lastSyncedAt).toISOString() : null,
    lastError: row.lastError,
    addedAt: new Date(row.addedAt).toISOString(),
  };
}

function toLocationView(row: ShopLocationEntity): ShopLocationView {
  return {
    shopifyLocationId: row.shopifyLocationId,
    name: row.name,
    active: row.active,
    erpLocationCode: row.erpLocationCode,
    stockSync: row.stockSync,
  };
}
