import { ConfigInvalid, loadEnv } from '@shopsync/shared';
import { workerConfig, WorkerEnv } from './worker-env';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadEnv(WorkerEnv, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigInvalid) return error.problems;
    throw error;
  }
}

describe('worker configuration across fields', () => {
  it('refuses a heartbeat that is not shorter than the lease TTL, with the other bad variables', () => {
    const problems = problemsOf({
      LEASE_TTL_MS: '5000',
      LEASE_HEARTBEAT_MS: '5000',
      WORKER_CONCURRENCY: '0',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'LEASE_HEARTBEAT_MS: must be shorter than LEASE_TTL_MS (5000)',
        expect.stringMatching(/^WORKER_CONCURRENCY: /),
      ]),
    );
    expect(problems).toHaveLength(2);
  });

  it('holds the heartbeat to the default TTL when the TTL is not set', () => {
    expect(problemsOf({ LEASE_HEARTBEAT_MS: '90000' })).toEqual([
      'LEASE_HEARTBEAT_MS: must be shorter than LEASE_TTL_MS (60000, its default)',
    ]);
  });

  it('accepts a shorter heartbeat, a TTL alone, and neither', () => {
    expect(problemsOf({ LEASE_TTL_MS: '5000', LEASE_HEARTBEAT_MS: '500' })).toEqual([]);
    const ttlOnly = workerConfig(loadEnv(WorkerEnv, { LEASE_TTL_MS: '3000' }));
    expect(ttlOnly.leaseHeartbeatMs).toBeLessThan(ttlOnly.leaseTtlMs);
    const defaults = workerConfig(loadEnv(WorkerEnv, {}));
    expect([defaults.leaseTtlMs, defaults.leaseHeartbeatMs]).toEqual([60000, 5000]);
  });
});
