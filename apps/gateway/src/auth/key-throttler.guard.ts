import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { PUBLIC_ROUTE } from './auth.decorators';
import type { AuthedRequest } from './auth.guard';

// The rate limit counts per API key on every keyed route (by the route matched, never by the
// URL's spelling); a 429 carries Retry-After. Runs after the API key guard, which names the
// caller. Public routes (health, metrics, the page, webhooks) are not limited.
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const r = req as unknown as AuthedRequest;
    if (!r.principal) return `ip:${r.ip ?? 'unknown'}`;
    return r.principal.id ? `key:${r.principal.id}` : `env:${r.principal.name}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return !!this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
  }
}
