import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyRegistry, grants, Principal, Scope } from './api-keys';
import { AccessDenied, Unauthenticated } from './auth.errors';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './auth.decorators';

export const API_KEYS = Symbol('API_KEYS');

export type AuthedRequest = Request & { principal?: Principal };

// Every route needs `Authorization: Bearer <key>` with the scope the route asks for, unless the
// route is marked @Public: decided by the route the router matched, never by the URL's spelling.
// Which shops the key may touch is ShopAccessGuard's.
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEYS) private readonly keys: ApiKeyRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new Unauthenticated('an API key is required: Authorization: Bearer <key>');
    const principal = this.keys.authenticate(match[1]);
    if (!principal) throw new Unauthenticated('the API key is not valid');
    req.principal = principal;
    const needed: Scope =
      this.reflector.getAllAndOverride<Scope>(REQUIRED_SCOPE, targets) ??
      (req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write');
    if (!grants(principal.scopes, needed))
      throw new AccessDenied(`this API key lacks the '${needed}' scope`);
    return true;
  }
}
