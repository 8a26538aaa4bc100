import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import type { Principal, Scope } from './api-keys';

export const PUBLIC_ROUTE = 'shopsync:public';
export const REQUIRED_SCOPE = 'shopsync:scope';

// Health, metrics, the page and webhooks (which carry their own HMAC) need no API key. Whether a
// route is public is read from the route, never from the URL. The OpenAPI document says so too
// (`security: []`: no key).
export const Public = () =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), SetMetadata(DECORATORS.API_SECURITY, []));

// Overrides the scope a route needs (by default: GET read, anything else write).
export const RequireScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);

// The shop codes the caller's key is limited to, or null for a key that may act on every shop:
// for routes declared `ShopAccess.filtered()`, which answer only those shops' rows.
export const AllowedShops = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string[] | null =>
    ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal?.shops ?? null,
);

// The caller's key (who, for the audit).
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined =>
    ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);
