import {
  normaliseShopDomain,
  parseEndpointOverrides,
  RefusedShopifyHost,
  ShopifyEndpoints,
} from './shopify-endpoints';

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

describe('an override that names the shop', () => {
  const endpoints = new ShopifyEndpoints(
    parseEndpointOverrides('*.myshopify.com=http://127.0.0.1:8787/shops/{shop}'),
  );

  it('puts the domain into the routed path, so the request still names its shop', () => {
    const path = '/admin/api/2026-04/graphql.json';
    expect(endpoints.route(new URL(`https://EU.myshopify.com${path}`)).toString()).toBe(
      `http://127.0.0.1:8787/shops/eu.myshopify.com${path}`,
    );
    expect(endpoints.baseUrl('us.myshopify.com')).toBe(
      'http://127.0.0.1:8787/shops/us.myshopify.com',
    );
  });
});

describe('the shop domain rule', () => {
  const label63 = 'a'.repeat(63);
  it.each([
    ['127.0.0.1:4199'],
    ['127.0.0.1'],
    ['localhost'],
    ['169.254.169.254'],
    ['2130706433'],
    ['[::1]'],
    ['evil.com'],
    ['a.myshopify.com.evil.com'],
    ['evil.com/a.myshopify.com'],
    ['a.myshopify.com/admin'],
    ['a.myshopify.com?x=1'],
    ['a.myshopify.com#x'],
    ['a.myshopify.com:443'],
    ['https://a.myshopify.com'],
    ['//a.myshopify.com'],
    ['user@a.myshopify.com'],
    ['-a.myshopify.com'],
    ['a-.myshopify.com'],
    ['a..myshopify.com'],
    ['.a.myshopify.com'],
    ['a.b.myshopify.com'],
    ['a_b.myshopify.com'],
    [`${'a'.repeat(64)}.myshopify.com`],
    ['myshopify.com'],
    ['.myshopify.com'],
    ['a.myshopify.com.'],
    ['a.myshopify.co'],
    ['a.myshopify.com\n'],
    [' a.myshopify.com'],
    ['a.myshopify.com '],
    ['a .myshopify.com'],
    ['a\t.myshopify.com'],
    ['bücher.myshopify.com'],
    ['\u212Aa.myshopify.com'], // Kelvin sign: lower-cases to a plain k
    ['a.myshopify\u3002com'], // ideographic full stop
    ['ａ.myshopify.com'], // full-width a
    [''],
  ])('refuses %j', (input) => {
    expect(normaliseShopDomain(input)).toBeNull();
    expect(new ShopifyEndpoints([]).allows(input)).toBe(false);
  });

  it('refuses what is not a string', () => {
    for (const input of [undefined, null, 42, ['a.myshopify.com'], { a: 1 }])
      expect(normaliseShopDomain(input)).toBeNull();
  });

  it.each([
    ['a.myshopify.com', 'a.myshopify.com'],
    ['eu-store.myshopify.com', 'eu-store.myshopify.com'],
    ['a--b.myshopify.com', 'a--b.myshopify.com'],
    ['xn--bcher-kva.myshopify.com', 'xn--bcher-kva.myshopify.com'],
    ['0.myshopify.com', '0.myshopify.com'],
    [`${label63}.myshopify.com`, `${label63}.myshopify.com`],
    ['A.MYSHOPIFY.COM', 'a.myshopify.com'],
    ['Eu-Store.MyShopify.com', 'eu-store.myshopify.com'],
  ])('takes %j as %j', (input, stored) => {
    expect(normaliseShopDomain(input)).toBe(stored);
  });

  it('lets configuration, and only configuration, route another host', () => {
    const configured = new ShopifyEndpoints(
      parseEndpointOverrides('legacy.example=http://127.0.0.1:9,*.test.local=http://127.0.0.1:8'),
    );
    expect(configured.allows('legacy.example')).toBe(true);
    expect(configured.allows('a.test.local')).toBe(true);
    expect(configured.allows('127.0.0.1:4199')).toBe(false);
    expect(() => configured.route(new URL('https://127.0.0.1:4199/admin'))).toThrow(
      RefusedShopifyHost,
    );
    expect(() => configured.route(new URL('https://evil.com/admin'))).toThrow(
      /evil.com is not a myshopify.com domain/,
    );
    expect(configured.route(new URL('https://a.myshopify.com/admin')).toString()).toBe(
      'https://a.myshopify.com/admin',
    );
  });
});
