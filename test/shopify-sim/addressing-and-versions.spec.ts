import { request } from 'node:http';
import { SUPPORTED_API_VERSIONS } from './api-versions';
import { simGraphql } from './sim-client';
import { simulatorPerSuite } from '../support/shopify-sim-fixture';
import { INVALID_TOKEN_BODY, ShopifySimulator } from './simulator';

// Shops are addressed by their domain (Host header, or /shops/<domain> on the simulator's
// address); a token works on its own shop only; versions outside the window fall forward.

interface Reply {
  status: number;
  version: string | undefined;
  body: { data?: { shop?: { myshopifyDomain: string } }; errors?: unknown };
}

describe('shop addressing and API versions', () => {
  let sim: ShopifySimulator;
  const QUERY = '{ shop { myshopifyDomain } }';

  // node:http, since fetch does not let a test set the Host header.
  const post = (path: string, token: string, host?: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ query: QUERY });
      const req = request(
        `${sim.url}${path}`,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Shopify-Access-Token': token,
            ...(host ? { Host: host } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              version: res.headers['x-shopify-api-version'] as string | undefined,
              body: JSON.parse(text) as Reply['body'],
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  simulatorPerSuite((s) => {
    sim = s;
    sim.createShop({ domain: 'one.myshopify.com', accessToken: 'shpat_one' });
    sim.createShop({ domain: 'two.myshopify.com', accessToken: 'shpat_two' });
  });

  const GRAPHQL = '/admin/api/2026-04/graphql.json';

  it('answers the shop the Host header names, port or not', async () => {
    const reply = await post(GRAPHQL, 'shpat_one', 'one.myshopify.com:443');
    expect(reply.status).toBe(200);
    expect(reply.body.data?.shop?.myshopifyDomain).toBe('one.myshopify.com');
  });

  it('answers the shop of a /shops/<domain> base URL', async () => {
    const reply = await post(`/shops/two.myshopify.com${GRAPHQL}`, 'shpat_two');
    expect(reply.body.data?.shop?.myshopifyDomain).toBe('two.myshopify.com');
    expect(sim.shopBaseUrl('two.myshopify.com')).toBe(`${sim.url}/shops/two.myshopify.com`);
  });

  it("refuses a token on another shop's domain with 401", async () => {
    expect(await post(GRAPHQL, 'shpat_one', 'two.myshopify.com')).toMatchObject({
      status: 401,
      body: INVALID_TOKEN_BODY,
    });
    expect(await post(`/shops/one.myshopify.com${GRAPHQL}`, 'shpat_two')).toMatchObject({
      status: 401,
    });
  });

  it('answers 404 for a shop domain the simulator does not host', async () => {
    expect((await post(GRAPHQL, 'shpat_one', 'nowhere.myshopify.com')).status).toBe(404);
  });

  it("serves a request without a shop domain for the token's shop", async () => {
    const reply = await post(GRAPHQL, 'shpat_two');
    expect(reply.body.data?.shop?.myshopifyDomain).toBe('two.myshopify.com');
  });

  it('serves every supported version as itself', async () => {
    for (const version of SUPPORTED_API_VERSIONS) {
      const reply = await simGraphql(sim.url, 'shpat_one', QUERY, undefined, version);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-shopify-api-version')).toBe(version);
    }
  });

  it('falls forward to the oldest supported version for a retired or unknown one', async () => {
    const oldest = [...SUPPORTED_API_VERSIONS].sort()[0];
    for (const version of ['2024-01', '2099-01']) {
      const reply = await simGraphql(sim.url, 'shpat_one', QUERY, undefined, version);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-shopify-api-version')).toBe(oldest);
      expect(reply.body.data).toEqual({ shop: { myshopifyDomain: 'one.myshopify.com' } });
    }
  });

  it('answers 404 for a path segment that is not a version', async () => {
    expect((await post('/admin/api/latest/graphql.json', 'shpat_one')).status).toBe(404);
  });

  it('reports its window through publicApiVersions', async () => {
    const reply = await simGraphql<{ publicApiVersions: { handle: string; supported: boolean }[] }>(
      sim.url,
      'shpat_one',
      '{ publicApiVersions { handle supported } }',
    );
    expect(reply.body.data?.publicApiVersions.map((v) => v.handle)).toEqual(
      [...SUPPORTED_API_VERSIONS].sort(),
    );
  });
});
