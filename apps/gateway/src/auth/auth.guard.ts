import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyAuthenticator } from '../api-keys/api-key-authenticator';
import { grants, Principal, Scope } from './api-keys';
import { AccessDenied, Unauthenticated } from './auth.errors';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './auth.decorators';

export type AuthedRequest = Request & { principal?: Principal };

// Every route needs `Authorization: Bearer <key>` with the scope the route asks for, unless the
// route is marked @Public: decided by the route the router matched, never by the URL's spelling.
// Which shops the key may touch is ShopAccessGuard's.
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new Unauthenticated('an API key is required: Authorization: Bearer <key>');
    const auth = await this.keys.authenticate(match[1]);
    if (!auth.ok) throw new Unauthenticated(auth.reason);
    const principal = (req.principal = auth.principal);
    const needed: Scope =
      this.reflector.getAllAndOverride<Scope>(REQUIRED_SCOPE, targets) ??
      (req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write');
    if (!grants(principal.scopes, needed))
      throw new AccessDenied(`this API key lacks the '${needed}' scope`);
    return true;
  }
}
