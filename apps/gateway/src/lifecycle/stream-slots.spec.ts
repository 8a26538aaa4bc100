import { DomainError, ERROR_CODES } from '@shopsync/shared';
import { StreamSlots } from './stream-slots';

describe('StreamSlots', () => {
  it('refuses the N+1th stream of a key, not of another key, and frees a slot once', () => {
    const slots = new StreamSlots(2);
    const first = slots.acquire('k');
    slots.acquire('k');
    expect(() => slots.acquire('k')).toThrow(
      expect.objectContaining({ code: ERROR_CODES.tooManyStreams }) as DomainError,
    );
    const other = slots.acquire('other');
    first();
    first(); // teardown and socket close both release: counted once
    expect(slots.held('k')).toBe(1);
    slots.acquire('k');
    expect(() => slots.acquire('k')).toThrow(/SSE_MAX_STREAMS_PER_KEY is 2/);
    other();
    expect(slots.held('other')).toBe(0);
  });
});
