import { DomainError, ERROR_CODES } from '@shopsync/shared';

// Open event streams per API key: each holds a socket and a listener for as long as the client
// stays, so one key may hold only so many. The release is idempotent (teardown and socket close
// may both call it).
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(readonly maxPerKey: number) {}

  acquire(key: string): () => void {
    const held = this.open.get(key) ?? 0;
    if (held >= this.maxPerKey)
      throw new DomainError(
        ERROR_CODES.tooManyStreams,
        `this API key already has ${held} open event streams (SSE_MAX_STREAMS_PER_KEY is ${this.maxPerKey}): close one before opening another`,
      );
    this.open.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }

  held(key: string): number {
    return this.open.get(key) ?? 0;
  }
}
