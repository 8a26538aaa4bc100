import { createHash, randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { IMAGE_MAX_BYTES, ImageContent, ImageUnavailable, shownUrl } from './image-content';

// Against a local HTTP server: the hash is the SHA-256 of the bytes; what cannot be had (an
// error status, an image over the limit, declared or streamed) is ImageUnavailable, its message
// without the URL's query.
describe('ImageContent', () => {
  let server: Server;
  let base: string;
  const image = randomBytes(5000);
  const signal = new AbortController().signal;
  const content = new ImageContent();

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/image.jpg')) return res.writeHead(200).end(image);
      if (req.url === '/declared-big')
        return res.writeHead(200, { 'content-length': String(IMAGE_MAX_BYTES + 1) }).end();
      if (req.url === '/streamed-big') {
        res.writeHead(200);
        const chunk = Buffer.alloc(1024 * 1024);
        for (let i = 0; i <= IMAGE_MAX_BYTES / chunk.length; i++) res.write(chunk);
        return res.end();
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('hashes the bytes', async () => {
    await expect(content.sha256(`${base}/image.jpg`, signal)).resolves.toBe(
      `sha256:${createHash('sha256').update(image).digest('hex')}`,
    );
  });

  it('refuses an error answer, naming the URL without its query', async () => {
    const failure = content.sha256(`${base}/gone.jpg?token=secret`, signal);
    await expect(failure).rejects.toThrow(ImageUnavailable);
    await expect(failure).rejects.toThrow(`${base}/gone.jpg answered HTTP 404`);
    expect(shownUrl('https://x.example/a.jpg?sig=1#f')).toBe('https://x.example/a.jpg');
  });

  it('refuses an image over the limit, declared or streamed', async () => {
    await expect(content.sha256(`${base}/declared-big`, signal)).rejects.toThrow(
      /larger than 20 MB/,
    );
    await expect(content.sha256(`${base}/streamed-big`, signal)).rejects.toThrow(
      /larger than 20 MB/,
    );
  });

  it('refuses a host that does not answer', async () => {
    await expect(content.sha256('http://127.0.0.1:1/x.jpg', signal)).rejects.toThrow(
      /could not be downloaded/,
    );
  });
});
