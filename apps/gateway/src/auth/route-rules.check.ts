import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE } from './auth.decorators';
import { SHOP_RULE } from './shop-access';

// Fails the boot when an HTTP route is neither @Public nor declares its ShopAccess rule, so a new
// route cannot ship without saying which shop it acts on.
@Injectable()
export class RouteRulesCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const missing = routesWithoutRule(this.discovery, this.scanner, this.reflector);
    if (missing.length)
      throw new Error(`routes without @Public or a ShopAccess rule: ${missing.join(', ')}`);
  }
}

export function routesWithoutRule(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): string[] {
  const missing: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => object) | null;
    if (!type) continue;
    for (const name of scanner.getAllMethodNames(type.prototype)) {
      const handler = (type.prototype as Record<string, unknown>)[name] as (
        ...args: never[]
      ) => unknown;
      if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const targets = [handler, type];
      if (reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) continue;
      if (!reflector.getAllAndOverride(SHOP_RULE, targets)) missing.push(`${type.name}.${name}`);
    }
  }
  return missing;
}
