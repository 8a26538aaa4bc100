import { DomainError, sleep } from '@shopsync/shared';

// The outcome of a finished run is worth waiting for: a database restart of a few seconds must
// not turn a done job into a lost attempt. The write is conditional, so repeating it is safe.
export async function retryWhileDatabaseIsDown<T>(
  work: () => Promise<T>,
  budgetMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError || Date.now() > deadline) throw error;
      await sleep(Math.min(5000, 200 * 2 ** attempt));
    }
  }
}
