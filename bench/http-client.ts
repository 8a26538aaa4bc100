import http from 'node:http';

// The load generator's HTTP client: node:http with keep-alive sockets, one per concurrent
// client. fetch (undici) cost the bench process about 0.3 ms of CPU per request, on the two
// cores the system under test needs; this costs about a tenth (bench:peers' HTTP limit rows,
// which measure this client too).
export function leanClient(
  baseUrl: string,
  apiKey: string | null,
  sockets: number,
): {
  post(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
  close(): void;
} {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  return {
    close: () => agent.destroy(),
    post: (path, body) =>
      new Promise((resolve, reject) => {
        const payload = JSON.stringify(body);
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path,
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
              ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: unknown = text;
              try {
                parsed = text ? JSON.parse(text) : null;
              } catch {
                // not JSON: keep the text
              }
              resolve({ status: res.statusCode ?? 0, body: parsed });
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      }),
  };
}
