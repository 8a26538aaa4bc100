import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DomainError } from '@shopsync/shared';
import { DOWNLOAD_ATTEMPTS, readBulkResult } from './bulk-query';

// The bulk result reader: the file is downloaded whole before a line is handed out, a download
// cut short is started again, a refusal is not.

const encoder = new TextEncoder();

function body(chunks: string[], failAfter?: Error): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (failAfter) controller.error(failAfter);
      else controller.close();
    },
  });
}

function fetchOf(responses: Array<() => Response>): jest.Mock {
  let call = 0;
  return jest.fn(async () => {
    const make = responses[Math.min(call, responses.length - 1)];
    call += 1;
    return make();
  });
}

async function read(fetch: jest.Mock): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const record of readBulkResult('https://storage.example/result.jsonl', {
    fetch: fetch as unknown as typeof globalThis.fetch,
    retryDelayMs: 1,
  }))
    out.push(record);
  return out;
}

const leftovers = () => readdirSync(tmpdir()).filter((n) => n.startsWith('shopsync-bulk-')).length;

describe('readBulkResult', () => {
  it('hands out every line once, across chunk boundaries, blank lines left out', async () => {
    // "é" is two bytes in UTF-8: the chunk boundary falls inside it.
    const text = '{"id":1,"t":"caf\u00e9"}\n\n{"id":2}\n{"id":3}';
    const bytes = encoder.encode(text);
    const cut = text.indexOf('\u00e9') + 4;
    const fetch = jest.fn(
      async () =>
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(bytes.slice(0, cut));
              c.enqueue(bytes.slice(cut));
              c.close();
            },
          }),
        ),
    );
    expect(await read(fetch)).toEqual([{ id: 1, t: 'caf\u00e9' }, { id: 2 }, { id: 3 }]);
  });

  it('downloads again when the connection is cut mid-file, and yields nothing twice', async () => {
    const before = leftovers();
    const cutShort = Object.assign(new TypeError('terminated'), {
      cause: new Error('other side closed'),
    });
    const fetch = fetchOf([
      () => new Response(body(['{"id":1}\n{"id":2}\n{"i'], cutShort)),
      () => new Response(body(['{"id":1}\n{"id":2}\n', '{"id":3}\n'])),
    ]);
    expect(await read(fetch)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(leftovers()).toBe(before);
  });

  it('downloads again after a 5xx, but not after a refusal (404, an expired URL)', async () => {
    const retried = fetchOf([
      () => new Response('busy', { status: 503 }),
      () => new Response(body(['{"id":1}\n'])),
    ]);
    expect(await read(retried)).toEqual([{ id: 1 }]);
    const refused = fetchOf([() => new Response('NoSuchKey', { status: 404 })]);
    const error = await read(refused).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('transient');
    expect((error as Error).message).toContain('HTTP 404');
    expect(refused).toHaveBeenCalledTimes(1);
  });

  it(`gives up after ${DOWNLOAD_ATTEMPTS} cut downloads, naming the cause`, async () => {
    const fetch = fetchOf([
      () =>
        new Response(
          body(['{"id":1}\n'], new TypeError('terminated', { cause: new Error('ECONNRESET') })),
        ),
    ]);
    const error = (await read(fetch).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toContain('terminated (ECONNRESET)');
    expect(error.message).toContain(`attempt ${DOWNLOAD_ATTEMPTS} of ${DOWNLOAD_ATTEMPTS}`);
    expect(fetch).toHaveBeenCalledTimes(DOWNLOAD_ATTEMPTS);
  });

  it('removes its temporary file when the reader stops early', async () => {
    const before = leftovers();
    const fetch = fetchOf([() => new Response(body(['{"id":1}\n{"id":2}\n']))]);
    for await (const record of readBulkResult('https://storage.example/r.jsonl', {
      fetch: fetch as unknown as typeof globalThis.fetch,
    })) {
      expect(record).toEqual({ id: 1 });
      break;
    }
    expect(leftovers()).toBe(before);
  });

  it('reads nothing without a URL (a query that matched nothing)', async () => {
    const fetch = jest.fn();
    const out = [];
    for await (const r of readBulkResult(null, { fetch })) out.push(r);
    expect(out).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
  });
});
