import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, parseMultipart, sendJson } from './http-util';
import { StagedTarget, StagedUploadRequest, UploadService } from './resolvers/context';
import { ShopState } from './state/shop-state';

// Stands in for Shopify's cloud storage: staged-upload targets (POST form or PUT), the uploaded
// files, and bulk-operation result files, all served by the simulator without authentication
// (like signed URLs).

export interface StoredFile {
  contentType: string;
  data: Buffer;
}

export class FileStore implements UploadService {
  private readonly files = new Map<string, StoredFile>();

  constructor(private readonly baseUrl: () => string) {}

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
  }

  createTarget(shop: ShopState, request: StagedUploadRequest): StagedTarget {
    const shopNumber = shop.shopId.split('/').pop() ?? '0';
    const key = `tmp/${shopNumber}/${request.resource.toLowerCase()}/${randomUUID()}/${request.filename.replace(/[^A-Za-z0-9._-]/g, '_')}`;
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
