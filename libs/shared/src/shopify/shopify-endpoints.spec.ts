import { parseEndpointOverrides, ShopifyEndpoints } from './shopify-endpoints';

describe('Shopify endpoint overrides', () => {
  const endpoints = new ShopifyEndpoints(
    parseEndpointOverrides(
      'demo-shop.myshopify.com=http://127.0.0.1:8787,*.test.myshopify.com=http://sim:9000/prefix/,*=http://fallback:1',
    ),
  );

  it('leaves real shops on https when nothing matches', () => {
    const none = new ShopifyEndpoints([]);
    const url = new URL('https://eu.myshopify.com/admin/api/2026-04/graphql.json');
    expect(none.route(url).toString()).toBe(url.toString());
    expect(none.baseUrl('eu.myshopify.com')).toBe('https://eu.myshopify.com');
  });

  it('routes an exact domain, a suffix pattern and the catch-all', () => {
    const path = '/admin/api/2026-04/graphql.json';
    expect(endpoints.route(new URL(`https://demo-shop.myshopify.com${path}`)).toString()).toBe(
      `http://127.0.0.1:8787${path}`,
    );
    expect(endpoints.route(new URL(`https://a.test.myshopify.com${path}?x=1`)).toString()).toBe(
      `http://sim:9000/prefix${path}?x=1`,
    );
    expect(endpoints.route(new URL(`https://other.myshopify.com${path}`)).toString()).toBe(
      `http://fallback:1${path}`,
    );
  });
});
