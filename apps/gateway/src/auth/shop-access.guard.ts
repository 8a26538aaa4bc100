import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from './api-keys';
import { AccessDenied } from './auth.errors';
import { PUBLIC_ROUTE } from './auth.decorators';
import type { AuthedRequest } from './auth.guard';
import { SHOP_RULE, ShopRule } from './shop-access';
import { ShopOwners } from './shop-owners.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Holds a key limited to some shops to them, on every keyed route, by the rule the route
// declares (see ShopAccess). Runs after the API key guard and the rate limit; a key that may act
// on every shop passes without a lookup.
@Injectable()
export class ShopAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly owners: ShopOwners,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = req.principal;
    // Fails closed: a keyed route reached without a principal or a rule refuses.
    if (!principal) throw new AccessDenied('this route needs an API key');
    const rule = this.reflector.getAllAndOverride<ShopRule | undefined>(SHOP_RULE, targets);
    if (!rule) throw new AccessDenied('this route declares no shop rule');
    if (!principal.shops) return true;
    for (const code of await this.shopsNamed(rule, req, principal))
      assertShopAllowed(principal, code);
    return true;
  }

  // The shop codes the request acts on. A value of the wrong shape is left to validation (400),
  // which runs before the handler.
  private async shopsNamed(rule: ShopRule, req: AuthedRequest, p: Principal): Promise<string[]> {
    switch (rule.kind) {
      case 'param':
        return strings(req.params?.[rule.name]);
      case 'query': {
        const named = strings(req.query?.[rule.name]);
        if (!named.length)
          throw new AccessDenied(
            `this API key is limited to shops ${p.shops!.join(', ')}: pass ?${rule.name}=`,
          );
        return named;
      }
      case 'filtered': {
        const body = req.body as Record<string, unknown> | undefined;
        return [
          ...(rule.query ? strings(req.query?.[rule.query]) : []),
          ...(rule.body ? strings(body?.[rule.body]) : []),
        ];
      }
      case 'body': {
        const list: unknown = (req.body as Record<string, unknown> | undefined)?.[rule.list];
        if (!Array.isArray(list)) return [];
        return list.flatMap((e: unknown) =>
          e && typeof e === 'object' ? strings((e as Record<string, unknown>)[rule.field]) : [],
        );
      }
      case 'resource': {
        const id = req.params?.[rule.param];
        if (typeof id !== 'string' || !UUID.test(id)) return [];
        return [await this.owners.shopCodeOf(rule.resource, id)];
      }
      case 'unrestricted':
        throw new AccessDenied(
          'this route acts on data of every shop: it needs an API key not limited to shops',
        );
    }
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function assertShopAllowed(principal: Principal | undefined, shopCode: string): void {
  if (principal?.shops && !principal.shops.includes(shopCode))
    throw new AccessDenied(`this API key may not act on shop '${shopCode}'`);
}
