import { json, NextFunction, raw, Request, RequestHandler, Response } from 'express';
import { ERROR_CODES } from '@shopsync/shared';

interface BodyParserError {
  type?: string;
  limit?: number;
  message?: string;
}

// Routes that need the exact bytes the sender signed (Shopify webhooks): their body stays a
// Buffer, whatever the content type, and the JSON parser leaves it alone.
export const RAW_BODY_PATHS: readonly string[] = ['/v1/webhooks/shopify'];

function rawBodyFor(paths: readonly string[], limit: string): RequestHandler {
  const parse = raw({ type: () => true, limit });
  return (req, res, next) => (paths.includes(req.path) ? parse(req, res, next) : next());
}

// JSON bodies up to the limit; a malformed or oversized body is answered here, clearly, before
// any route runs (so nothing is stored).
export function bodyParsing(
  limit: string,
): Array<
  RequestHandler | ((err: unknown, req: Request, res: Response, next: NextFunction) => void)
> {
  return [
    rawBodyFor(RAW_BODY_PATHS, limit),
    json({ limit }),
    (err: unknown, _req: Request, res: Response, next: NextFunction) => {
      const e = err as BodyParserError;
      if (e?.type === 'entity.parse.failed') {
        res.status(400).json({
          statusCode: 400,
          code: ERROR_CODES.validation,
          message: `the body is not valid JSON: ${e.message ?? ''}`.trim(),
        });
      } else if (e?.type === 'entity.too.large') {
        res.status(413).json({
          statusCode: 413,
          code: 'BODY_TOO_LARGE',
          message: `the body is larger than the limit of ${e.limit} bytes`,
        });
      } else next(err);
    },
  ];
}
