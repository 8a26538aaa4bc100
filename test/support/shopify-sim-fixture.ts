/// <reference types="jest" />
// Loaded by specs only; bench builds compile test/support too, so the jest globals are named here.
import {
  ShopifySimulator,
  ShopifySimulatorOptions,
  startShopifySimulator,
} from '../shopify-sim/simulator';

// One simulator per spec file: started before the first test, closed after the last.
export function simulatorPerSuite(
  receive: (sim: ShopifySimulator) => void,
  options: ShopifySimulatorOptions = { emitWebhooks: false },
): void {
  let sim: ShopifySimulator | undefined;
  beforeAll(async () => {
    sim = await startShopifySimulator(options);
    receive(sim);
  });
  afterAll(async () => {
    await sim?.close();
  });
}

// The public https origin the specs give Shopify for webhooks; the simulator delivers what is
// addressed to it to the gateway (it never calls the internet).
export const PUBLIC_WEBHOOK_ORIGIN = 'https://shopsync.webhooks.test';

// Routes the public origin to the gateway; returns the intake's public address.
export function routeWebhooksTo(sim: ShopifySimulator, gatewayUrl: string): string {
  sim.configure({ webhookRoutes: { [PUBLIC_WEBHOOK_ORIGIN]: gatewayUrl } });
  return `${PUBLIC_WEBHOOK_ORIGIN}/v1/webhooks/shopify`;
}

// The shop's app subscribes the intake to these topics, as shopsync does with
// SHOPSYNC_PUBLIC_URL set (for specs that run the gateway without the scheduler).
export function subscribeIntake(
  sim: ShopifySimulator,
  domain: string,
  topics: string[],
  gatewayUrl: string,
): void {
  const uri = routeWebhooksTo(sim, gatewayUrl);
  for (const topic of topics) sim.subscribeWebhook(domain, topic, uri);
}
