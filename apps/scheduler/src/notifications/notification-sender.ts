import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { callbackUrlProblem, CallbackUrlPolicy, guardedLookup } from '@shopsync/shared';

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  policy: CallbackUrlPolicy;
}

// How much of an answer is read (and then dropped): a receiver cannot make us buffer a big body.
const MAX_RESPONSE_BYTES = 64 * 1024;

// One POST of a signed body. The URL is checked again (the rule may have been tightened since the
// endpoint was registered) and the address connected to is checked at connect time (DNS
// rebinding); redirects are not followed; the whole exchange is bounded by the timeout. Never
// throws: a failure is an outcome.
export function sendNotification(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendResult> {
  const started = Date.now();
  const done = (statusCode: number | null, error: string | null): SendResult => ({
    statusCode,
    durationMs: Date.now() - started,
    error,
  });
  const problem = callbackUrlProblem(url, options.policy);
  if (problem) return Promise.resolve(done(null, `refused: the URL ${problem}`));
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options.policy) as never,
        agent: false,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const status = res.statusCode ?? null;
        const outcome = () =>
          finish(
            done(
              status,
              status !== null && status >= 200 && status < 300
                ? null
                : `the receiver answered HTTP ${status}`,
            ),
          );
        res.on('end', outcome);
        res.on('close', outcome);
        res.on('error', outcome);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish(done(null, `no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish(done(null, error.code ? `${error.code}: ${error.message}` : error.message)),
    );
    req.end(body);
  });
}
