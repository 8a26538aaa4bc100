import { json, NextFunction, raw, Request, RequestHandler, Response } from 'express';
import { ERROR_CODES, ValidationFailed } from '@shopsync/shared';
import { firstInputProblem } from './input-shape';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
  message?: string;
  charset?: string;
  encoding?: string;
}

type ErrorHandler = (err: unknown, req: Request, res: Response, next: NextFunction) => void;

// Routes that need the exact bytes the sender signed (Shopify webhooks): their body stays a
// Buffer, whatever the content type, and the JSON parser leaves it alone.
export const RAW_BODY_PATHS: readonly string[] = ['/v1/webhooks/shopify'];

// The content encodings body-parser can decode on this Node version.
export const CONTENT_ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;

function rawBodyFor(paths: readonly string[], limit: string): RequestHandler {
  const parse = raw({ type: () => true, limit });
  return (req, res, next) => (paths.includes(req.path) ? parse(req, res, next) : next());
}

// Whether the request carries a body (RFC 9110 §6.4.1: a Content-Length above 0, or chunked).
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

// The API takes JSON only: a body of any other type (or none declared) is refused with 415
// before it is read, not parsed as nothing and reported as missing fields. JSON text is UTF-8
// (RFC 8259 §8.1): any other declared charset is refused too.
function utf8JsonOnly(req: Request, res: Response, next: NextFunction): void {
  if (RAW_BODY_PATHS.includes(req.path)) return next();
  const header = req.headers['content-type'];
  if (!header) {
    if (!hasBody(req)) return next();
    unsupported(res, 'the body has no Content-Type: send it as application/json');
    return;
  }
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') {
    if (!hasBody(req)) return next();
    unsupported(
      res,
      `the Content-Type '${type}' is not supported: send the body as application/json`,
    );
    return;
  }
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    unsupported(res, `the charset '${charset}' is not supported: send JSON as UTF-8`);
    return;
  }
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (!(CONTENT_ENCODINGS as readonly string[]).includes(encoding)) {
    unsupported(
      res,
      `the content encoding '${encoding}' is not supported: use ${CONTENT_ENCODINGS.join(', ')}`,
    );
    return;
  }
  next();
}

function unsupported(res: Response, message: string): void {
  res.status(415).json({ statusCode: 415, code: ERROR_CODES.unsupportedMediaType, message });
}

// body-parser's own refusals, each answered clearly; none of them is a server error.
const bodyErrors: ErrorHandler = (err, req, res, next) => {
  const e = err as BodyParserError;
  const status = e?.status ?? e?.statusCode;
  if (e?.type === 'entity.parse.failed') {
    res.status(400).json({
      statusCode: 400,
      code: ERROR_CODES.validation,
      message: `the body is not valid JSON: ${e.message ?? ''}`.trim(),
    });
  } else if (e?.type === 'entity.too.large') {
    res.status(413).json({
      statusCode: 413,
      code: ERROR_CODES.bodyTooLarge,
      message: `the body is larger than the limit of ${e.limit} bytes`,
    });
  } else if (e?.type === 'charset.unsupported') {
    unsupported(res, `the charset '${e.charset}' is not supported: send JSON as UTF-8`);
  } else if (e?.type === 'encoding.unsupported') {
    unsupported(res, `the content encoding '${e.encoding}' is not supported`);
  } else if (typeof status === 'number' && status >= 400 && status < 500) {
    // An aborted upload, a size that does not match Content-Length, a body that does not
    // decompress: the request is at fault.
    res.status(status).json({
      statusCode: status,
      code: `HTTP_${status}`,
      message: `the body could not be read (Content-Encoding: ${req.headers['content-encoding'] ?? 'identity'}): ${e.message ?? 'malformed'}`,
    });
  } else next(err);
};

// Depth and NUL characters, checked once for every route before any validation runs: deep
// nesting would overflow recursive validators, and PostgreSQL cannot store U+0000.
function inputShape(req: Request, _res: Response, next: NextFunction): void {
  const problem =
    firstInputProblem(safeDecode(req.path), 'path') ??
    firstInputProblem(req.query, 'query') ??
    (Buffer.isBuffer(req.body) ? undefined : firstInputProblem(req.body, 'body'));
  next(problem ? new ValidationFailed([problem]) : undefined);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

// JSON bodies up to the limit; a malformed, oversized, too deep or oddly encoded body is
// answered here, clearly, before any route runs (so nothing is stored).
export function bodyParsing(limit: string): Array<RequestHandler | ErrorHandler> {
  return [rawBodyFor(RAW_BODY_PATHS, limit), utf8JsonOnly, json({ limit }), bodyErrors, inputShape];
}
