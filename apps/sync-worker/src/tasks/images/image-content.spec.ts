import { createHash, randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  IMAGE_MAX_BYTES,
  ImageContent,
  imageUrlProblem,
  ImageUnavailable,
  shownUrl,
} from './image-content';

// Against a local HTTP server: the hash is the SHA-256 of the bytes; what cannot be had (an
// error status, an image over the limit, declared or streamed) is ImageUnavailable, its message
// without the URL's query.
describe('ImageContent', () => {
  let server: Server;
  let base: string;
  const image = randomBytes(5000);
  const signal = new AbortController().signal;
  // The server is on 127.0.0.1: private addresses allowed, as IMAGE_DOWNLOAD_ALLOW_PRIVATE_ADDRESSES does.
  const content = new ImageContent({ images: { allowPrivateAddresses: true } });
  const strict = new ImageContent({ images: { allowPrivateAddresses: false } });

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/image.jpg')) return res.writeHead(200).end(image);
      if (req.url === '/to-metadata')
        return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
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

  it('never downloads from a private address unless allowed, redirects included', async () => {
    await expect(strict.sha256(`${base}/image.jpg`, signal)).rejects.toThrow(
      /points to a loopback address \(127\.0\.0\.1\); IMAGE_DOWNLOAD_ALLOW_PRIVATE_ADDRESSES/,
    );
    // Trusting the test's own server only: its redirect to cloud metadata is refused.
    const trustsLocal = new ImageContent(
      { images: { allowPrivateAddresses: false } },
      async (url, allow) => (new URL(url).origin === base ? null : imageUrlProblem(url, allow)),
    );
    await expect(trustsLocal.sha256(`${base}/to-metadata`, signal)).rejects.toThrow(
      /169\.254\.169\.254\/latest\/meta-data points to a link-local address/,
    );
  });

  it('judges every address a host name resolves to', async () => {
    const resolveTo = (addresses: string[]) => async () => addresses;
    expect(
      await imageUrlProblem('https://cdn.example/a.jpg', false, resolveTo(['93.184.216.34'])),
    ).toBeNull();
    expect(
      await imageUrlProblem(
        'https://cdn.example/a.jpg',
        false,
        resolveTo(['93.184.216.34', '10.0.0.5']),
      ),
    ).toMatch(/private address \(10\.0\.0\.5\)/);
    expect(await imageUrlProblem('https://localhost/a.jpg', false)).toMatch(/loopback/);
    expect(await imageUrlProblem('http://[::ffff:127.0.0.1]/a.jpg', false)).toMatch(/loopback/);
    expect(await imageUrlProblem('ftp://cdn.example/a.jpg', false)).toMatch(/not an http/);
    expect(await imageUrlProblem('https://u:p@cdn.example/a.jpg', false)).toMatch(/user name/);
    expect(await imageUrlProblem('http://10.1.2.3/a.jpg', true)).toBeNull();
  });
});
