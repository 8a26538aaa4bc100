import { json, NextFunction, Request, RequestHandler, Response } from 'express';
import { ERROR_CODES } from '@shopsync/shared';

interface BodyParserError {
  type?: string;
  limit?: number;
  message?: string;
}

// JSON bodies up to the limit; a malformed or oversized body is answered here, clearly, before
// any route runs (so nothing is stored).
export function bodyParsing(
  limit: string,
): Array<
  RequestHandler | ((err: unknown, req: Request, res: Response, next: NextFunction) => void)
> {
  return [
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
