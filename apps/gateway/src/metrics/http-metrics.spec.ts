import { routeLabel } from './http-metrics';

describe('routeLabel', () => {
  it('is the matched route pattern, under its router base', () => {
    expect(routeLabel({ route: { path: '/v1/shops/:code' }, baseUrl: '' } as never)).toBe(
      '/v1/shops/:code',
    );
    expect(routeLabel({ route: { path: '/:id' }, baseUrl: '/v1/jobs' } as never)).toBe(
      '/v1/jobs/:id',
    );
  });

  it('is "unmatched" when no route took the request', () => {
    expect(routeLabel({ route: undefined, baseUrl: '' } as never)).toBe('unmatched');
    expect(routeLabel({ route: { path: '{/*splat}' }, baseUrl: '' } as never)).toBe('unmatched');
  });
});
