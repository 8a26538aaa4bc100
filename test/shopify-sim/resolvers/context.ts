import { GraphQLResolveInfo } from 'graphql';
import { ApiVersionWindow } from '../api-versions';
import { UserErrorRecord } from '../state/catalog';
import { BulkOperationRecord, CustomerRecord, OrderRecord, ProductRecord } from '../state/records';
import { ShopState } from '../state/shop-state';

// What resolvers receive: the calling shop and the simulator services they may use. The
// services are interfaces so resolvers never import the server (no import cycles).

export interface StagedUploadRequest {
  resource: string;
  filename: string;
  mimeType: string;
  httpMethod?: 'POST' | 'PUT' | null;
  fileSize?: string | number | null;
}

export interface StagedTarget {
  url: string;
  resourceUrl: string;
  parameters: { name: string; value: string }[];
}

export interface BulkOperationResult {
  operation: BulkOperationRecord | null;
  userErrors: UserErrorRecord[];
}

export interface BulkService {
  runQuery(shop: ShopState, query: string, groupObjects: boolean): BulkOperationResult;
  runMutation(
    shop: ShopState,
    mutation: string,
    stagedUploadPath: string,
    clientIdentifier: string | null,
  ): BulkOperationResult;
  cancel(shop: ShopState, id: string): BulkOperationResult;
}

export interface UploadService {
  createTarget(shop: ShopState, request: StagedUploadRequest): StagedTarget;
}

// Domain events that may fan out as webhooks.
export interface EventService {
  productChanged(shop: ShopState, product: ProductRecord, created: boolean): void;
  productDeleted(shop: ShopState, productId: string): void;
  orderCreated(shop: ShopState, order: OrderRecord): void;
  orderUpdated(shop: ShopState, order: OrderRecord): void;
  customerChanged(shop: ShopState, customer: CustomerRecord, created: boolean): void;
}

export interface SimServices {
  baseUrl(): string;
  apiVersions: ApiVersionWindow;
  bulk: BulkService;
  uploads: UploadService;
  events: EventService;
}

export interface SimContext {
  shop: ShopState;
  services: SimServices;
  apiVersion: string;
  // Inside a bulk operation connections need no `first` and are not capped.
  bulk: boolean;
}

export type Args = Record<string, unknown>;

export type FieldResolver<P> = (
  parent: P,
  args: Args,
  ctx: SimContext,
  info: GraphQLResolveInfo,
) => unknown;

export type TypeResolvers<P> = Record<string, FieldResolver<P>>;

// Per-area resolver maps: GraphQL type name → field name → resolver.
export type ResolverMap = Record<string, TypeResolvers<never>>;
