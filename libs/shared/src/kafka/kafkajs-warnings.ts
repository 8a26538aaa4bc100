// kafkajs 2.2.4 (its last release) arms its request queue's throttle check with a negative delay
// (throttledUntil starts at -1), which Node 24+ reports once per process as a
// TimeoutNegativeWarning; Node runs such a timer after 1 ms, as kafkajs expects. Drop that one
// warning when kafkajs's request queue is the caller, and let every other warning through.
// No imports, erasable syntax only: a test loads this file in a plain Node process.
const KAFKAJS_REQUEST_QUEUE = /kafkajs[\\/]src[\\/]network[\\/]requestQueue[\\/]/;
let installed = false;

export function quietKafkajsNegativeTimeouts(): void {
  if (installed) return;
  installed = true;
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const option = rest[0];
    const type = typeof option === 'string' ? option : (option as { type?: string })?.type;
    if (type === 'TimeoutNegativeWarning' && KAFKAJS_REQUEST_QUEUE.test(new Error().stack ?? ''))
      return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}
