import { IsIn, IsOptional } from 'class-validator';
import type { CallbackUrlPolicy } from '../notifications/callback-address';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => object;

// The two variables that loosen the callback URL rule, for the apps that check it (the gateway
// when an endpoint is registered, the scheduler at every delivery). Off by default.
export function WithCallbackPolicy<B extends EnvClass>(Base: B) {
  class CallbackPolicyEnv extends Base {
    @IsOptional()
    @IsIn(['true', 'false'], { message: 'must be true or false' })
    NOTIFICATION_ALLOW_HTTP?: string;

    @IsOptional()
    @IsIn(['true', 'false'], { message: 'must be true or false' })
    NOTIFICATION_ALLOW_PRIVATE_ADDRESSES?: string;
  }
  return CallbackPolicyEnv;
}

export function callbackPolicy(env: {
  NOTIFICATION_ALLOW_HTTP?: string;
  NOTIFICATION_ALLOW_PRIVATE_ADDRESSES?: string;
}): CallbackUrlPolicy {
  return {
    allowHttp: env.NOTIFICATION_ALLOW_HTTP === 'true',
    allowPrivate: env.NOTIFICATION_ALLOW_PRIVATE_ADDRESSES === 'true',
  };
}
