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
