import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, readBody, parseMultipart, sendJson } from './http-util';
import { StagedTarget, StagedUploadRequest, UploadService } from './resolvers/context';
import { ShopState } from './state/shop-state';

// Stands in for Shopify's cloud storage: staged-upload targets (POST form or PUT), the uploaded
// files, and bulk-operation result files, all served by the simulator without authentication
// (like signed URLs). As the real storage does, it takes an upload only for a key a staged
// target was made for (the signed policy names it), and no bigger than the resource
// allows: bulk mutation variables at most 20 MiB (Shopify's limit, answered EntityTooLarge).
// Other resources' own limits (images, videos, files) are not modelled: they get the
// simulator's body limit.

// Bytes a staged upload of bulk mutation variables may hold.
export const BULK_VARIABLES_MAX_BYTES = 20 * 1024 * 1024;

export interface StoredFile {
  contentType: string;
  data: Buffer;
}

export class FileStore implements UploadService {
  private readonly files = new Map<string, StoredFile>();
  // Keys a staged target was made for, with the bytes each may hold.
  private readonly reserved = new Map<string, number>();

  constructor(
    private readonly baseUrl: () => string,
    // Shopify's own limit, or less (never more: the simulator is as strict as Shopify).
    private readonly bulkVariablesMaxBytes = BULK_VARIABLES_MAX_BYTES,
  ) {}

  urlFor(key: string): string {
    return `${this.baseUrl()}/_sim/files/${key}`;
  }

  put(key: string, data: Buffer, contentType: string): void {
    this.files.set(key, { data, contentType });
  }

  get(key: string): StoredFile | undefined {
    return this.files.get(key);
  }

  clear(): void {
    this.files.clear();
    this.reserved.clear();
  }

  createTarget(shop: ShopState, request: StagedUploadRequest): StagedTarget {
    const shopNumber = shop.shopId.split('/').pop() ?? '0';
    const key = `tmp/${shopNumber}/${request.resource.toLowerCase()}/${randomUUID()}/${request.filename.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    this.reserved.set(key, this.maxBytes(request.resource));
    if (request.httpMethod === 'PUT') {
      return {
        url: `${this.baseUrl()}/_sim/staged-uploads/${key}`,
        resourceUrl: this.urlFor(key),
        parameters: [
          { name: 'content_type', value: request.mimeType },
          { name: 'acl', value: 'private' },
        ],
      };
    }
    return {
      url: `${this.baseUrl()}/_sim/staged-uploads`,
      resourceUrl: this.urlFor(key),
      parameters: [
        { name: 'Content-Type', value: request.mimeType },
        { name: 'success_action_status', value: '201' },
        { name: 'acl', value: 'private' },
        { name: 'key', value: key },
        { name: 'x-goog-algorithm', value: 'GOOG4-RSA-SHA256' },
        { name: 'policy', value: 'c2ltdWxhdG9y' },
      ],
    };
  }

  // POST /_sim/staged-uploads (multipart form, `key` field + `file`), PUT /_sim/staged-uploads/<key>.
  async handleUpload(
    req: IncomingMessage,
    res: ServerResponse,
    keyFromPath: string | null,
  ): Promise<void> {
    const body = await readBody(req);
    if (req.method === 'PUT' && keyFromPath) {
      if (!this.accepts(res, keyFromPath, body.length)) return;
      this.put(keyFromPath, body, req.headers['content-type'] ?? 'application/octet-stream');
      res.writeHead(200).end();
      return;
    }
    const parts = parseMultipart(body, req.headers['content-type'] ?? '');
    const key = parts.find((p) => p.name === 'key')?.data.toString('utf8');
    const file = parts.find((p) => p.name === 'file');
    if (!key || !file) {
      sendJson(res, 400, { error: 'multipart form needs a key field and a file part' });
      return;
    }
    if (!this.accepts(res, key, file.data.length)) return;
    const type =
      parts.find((p) => p.name === 'Content-Type')?.data.toString('utf8') ??
      file.contentType ??
      'application/octet-stream';
    this.put(key, file.data, type);
    const location = this.urlFor(key);
    res.writeHead(201, { 'Content-Type': 'application/xml', Location: location });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><PostResponse><Location>${location}</Location><Key>${key}</Key></PostResponse>`,
    );
  }

  private maxBytes(resource: string): number {
    return resource === 'BULK_MUTATION_VARIABLES'
      ? Math.min(BULK_VARIABLES_MAX_BYTES, this.bulkVariablesMaxBytes)
      : MAX_BODY_BYTES;
  }

  // The storage's checks of an upload: a key it signed a target for, at most its size.
  private accepts(res: ServerResponse, key: string, bytes: number): boolean {
    const max = this.reserved.get(key);
    if (max === undefined) {
      storageError(
        res,
        403,
        'AccessDenied',
        'Invalid according to Policy: Policy Condition failed: ["eq", "$key", ...]',
      );
      return false;
    }
    if (bytes > max) {
      storageError(
        res,
        400,
        'EntityTooLarge',
        'Your proposed upload exceeds the maximum allowed size',
        `<ProposedSize>${bytes}</ProposedSize><MaxSizeAllowed>${max}</MaxSizeAllowed>`,
      );
      return false;
    }
    return true;
  }

  serve(res: ServerResponse, key: string): void {
    const file = this.files.get(key);
    if (!file) {
      sendJson(res, 404, { error: 'NoSuchKey' });
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.data.length });
    res.end(file.data);
  }
}

function storageError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra = '',
): void {
  res.writeHead(status, { 'Content-Type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message>${extra}</Error>`,
  );
}
