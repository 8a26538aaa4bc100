import 'reflect-metadata';
import { answerInfoFlags } from '@shopsync/shared';
import { startShopifySimulator } from './simulator';
import { seedShopifyPayments } from './state/shopify-payments';

// Standalone simulator: `node dist/test/shopify-sim/main.js`. Environment (read only here):
// SHOPIFY_SIM_PORT (8787), SHOPIFY_SIM_HOST (127.0.0.1), SHOPIFY_SIM_TIME_SCALE (1),
// SHOPIFY_SIM_WEBHOOK_ROUTES (https origin=local URL, comma-separated: where subscriptions'
// addresses are delivered), SHOPIFY_SIM_DEMO_SHOP + SHOPIFY_SIM_DEMO_TOKEN
// (+ SHOPIFY_SIM_DEMO_SECRET) to create a seeded demo shop on the standard plan.

async function main(): Promise<void> {
  const env = process.env;
  const simulator = await startShopifySimulator({
    port: Number(env.SHOPIFY_SIM_PORT ?? 8787),
    host: env.SHOPIFY_SIM_HOST ?? '127.0.0.1',
    timeScale: Number(env.SHOPIFY_SIM_TIME_SCALE ?? 1),
    webhookRoutes: Object.fromEntries(
      (env.SHOPIFY_SIM_WEBHOOK_ROUTES ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const cut = pair.indexOf('=');
          return [pair.slice(0, cut).trim(), pair.slice(cut + 1).trim()];
        }),
    ),
  });
  const demoShop = env.SHOPIFY_SIM_DEMO_SHOP;
  if (demoShop) {
    const token = env.SHOPIFY_SIM_DEMO_TOKEN;
    if (!token) throw new Error('SHOPIFY_SIM_DEMO_TOKEN is required with SHOPIFY_SIM_DEMO_SHOP');
    const shop = simulator.createShop({
      domain: demoShop,
      plan: 'standard',
      accessToken: token,
      appSecret: env.SHOPIFY_SIM_DEMO_SECRET || undefined,
      // Comma-separated handles; unset grants every scope the simulator derives.
      accessScopes: env.SHOPIFY_SIM_DEMO_SCOPES?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      // Fixed seed and base time: the demo shop is the same on every start.
      seed: {
        products: 25,
        variantsPerProduct: 3,
        locations: 2,
        customers: 15,
        orders: 20,
        seed: 42,
        showcase: true,
        baseTime: '2026-01-01T00:00:00Z',
      },
    });
    // Payouts (paid, failed, scheduled), balance transactions and a dispute for the payments task.
    seedShopifyPayments(shop);
    console.log(JSON.stringify({ event: 'demo-shop', ...shop.summary().counts, domain: demoShop }));
  }
  console.log(
    JSON.stringify({
      event: 'listening',
      url: simulator.url,
      graphql: simulator.graphqlUrl(),
      schemaBuildMs: simulator.schemaInfo.buildMs + simulator.schemaInfo.resolversMs,
    }),
  );
  const stop = (signal: string): void => {
    console.log(JSON.stringify({ event: 'stopping', signal }));
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

answerInfoFlags({
  name: 'shopify-sim',
  summary: "a Shopify Admin API simulator on Shopify's real GraphQL schema (tests, the demo)",
  variables: [
    'SHOPIFY_SIM_PORT',
    'SHOPIFY_SIM_HOST',
    'SHOPIFY_SIM_TIME_SCALE',
    'SHOPIFY_SIM_WEBHOOK_TARGET',
    'SHOPIFY_SIM_DEMO_SHOP',
    'SHOPIFY_SIM_DEMO_TOKEN',
    'SHOPIFY_SIM_DEMO_SECRET',
    'SHOPIFY_SIM_DEMO_SCOPES',
  ],
});

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
