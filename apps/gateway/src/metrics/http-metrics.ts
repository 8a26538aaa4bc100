import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from '@shopsync/shared';

// Request durations by route pattern (`/v1/shops/:code`, never the raw path, so the label set
// stays bounded), method and status; a request no route matched counts as `unmatched`. Buckets
// cover a fast read (5 ms) up to a foreground sync that waits (60 s).
export const HTTP_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

// Nest answers a path no route matches from a catch-all (`{/*splat}`), counted as unmatched:
// no route of ours has a wildcard.
export function routeLabel(req: Pick<Request, 'route' | 'baseUrl'>): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !path.includes('*')
    ? `${req.baseUrl ?? ''}${path}`
    : 'unmatched';
}

export function httpMetrics(metrics: MetricsService) {
  const duration = metrics.histogram(
    'http_request_duration_seconds',
    'HTTP request duration by route pattern, method and status code',
    ['method', 'route', 'status_code'],
    HTTP_DURATION_BUCKETS,
  );
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = duration.startTimer();
    res.once('finish', () =>
      end({ method: req.method, route: routeLabel(req), status_code: String(res.statusCode) }),
    );
    next();
  };
}
