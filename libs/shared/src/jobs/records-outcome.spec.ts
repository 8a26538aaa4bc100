import { recordsOutcome } from './records-outcome';

const job = (over: Partial<Parameters<typeof recordsOutcome>[0]>) => ({
  status: 'succeeded' as const,
  summary: {},
  progressProcessed: null,
  ...over,
});

describe('recordsOutcome', () => {
  it('is null unless the job succeeded with a summary', () => {
    expect(recordsOutcome(job({ status: 'failed', summary: { failed: 3 } }))).toBeNull();
    expect(recordsOutcome(job({ summary: null }))).toBeNull();
  });

  it('is complete when nothing was skipped or failed', () => {
    expect(recordsOutcome(job({ summary: { created: 4, skipped: 0 }, progressProcessed: 4 }))).toBe(
      'complete',
    );
  });

  it('is all-failed when every processed record was skipped or failed', () => {
    expect(
      recordsOutcome(job({ summary: { skipped: 25, created: 0 }, progressProcessed: 25 })),
    ).toBe('all-failed');
    expect(
      recordsOutcome(job({ summary: { failed: 20, created: 0 }, progressProcessed: 20 })),
    ).toBe('all-failed');
  });

  it('is partial when some records went through', () => {
    expect(
      recordsOutcome(job({ summary: { failed: 2, created: 18 }, progressProcessed: 20 })),
    ).toBe('partial');
  });

  it('without progress, reads the done counts', () => {
    expect(recordsOutcome(job({ summary: { failed: 2, created: 1 } }))).toBe('partial');
    expect(recordsOutcome(job({ summary: { failed: 2, created: 0 } }))).toBe('all-failed');
    expect(recordsOutcome(job({ summary: { failed: 'x' as unknown as number } }))).toBe('complete');
  });
});
