import { SetMetadata } from '@nestjs/common';
import type { Scope } from './api-keys';

export const PUBLIC_ROUTE = 'shopsync:public';
export const REQUIRED_SCOPE = 'shopsync:scope';

// Health, metrics, docs and webhooks (which carry their own HMAC) need no API key.
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

// Overrides the scope a route needs (by default: GET read, anything else write).
export const RequireScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);
