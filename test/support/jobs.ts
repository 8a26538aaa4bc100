import { eventually } from './eventually';
import type { Stack } from './stack';

// A job as the API answers it (the fields the end-to-end specs read).
export interface Job {
  id: string;
  status: string;
  task: string;
  trigger: string;
  attempt: number;
  summary: Record<string, unknown> | null;
  error: unknown;
  startedAt: string | null;
  finishedAt: string | null;
}

// Polls GET /v1/jobs/:id until the job has ended (succeeded, failed, cancelled or expired).
export function waitForJobEnd(stack: Stack, id: string, timeoutMs: number): Promise<Job> {
  return eventually(
    async () => {
      const job = (await stack.api<Job>('GET', `/v1/jobs/${id}`)).body;
      if (!['succeeded', 'failed', 'cancelled', 'expired'].includes(job.status))
        throw new Error(`job ${id} is ${job.status}`);
      return job;
    },
    timeoutMs,
    250,
  );
}

// Requests a sync (forced, so it never joins a queued twin) and waits for its end.
export async function runSync(
  stack: Stack,
  shop: string,
  task: string,
  params: Record<string, unknown>,
  timeoutMs: number,
): Promise<Job> {
  const res = await stack.api<Job>('POST', `/v1/shops/${shop}/syncs`, {
    task,
    params,
    force: true,
  });
  if (res.status !== 202)
    throw new Error(`sync ${task}: ${res.status} ${JSON.stringify(res.body)}`);
  return waitForJobEnd(stack, res.body.id, timeoutMs);
}
