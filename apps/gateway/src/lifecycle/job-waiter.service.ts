import { Injectable } from '@nestjs/common';
import { isTerminal, JobEntity, JobsRepository, sleep } from '@shopsync/shared';
import { JobEventsService } from './job-events.service';

// Foreground mode: wait for a job's end. Lifecycle events wake us at once; a slow poll of the
// database covers events this instance did not see.
@Injectable()
export class JobWaiterService {
  constructor(
    private readonly events: JobEventsService,
    private readonly jobs: JobsRepository,
  ) {}

  async waitForEnd(
    jobId: string,
    timeoutMs: number,
  ): Promise<{ job: JobEntity | null; finished: boolean }> {
    const deadline = Date.now() + timeoutMs;
    let wake: () => void = () => undefined;
    const off = this.events.onJob(jobId, (e) => {
      if (isTerminal(e.status)) wake();
    });
    try {
      for (;;) {
        const job = await this.jobs.findById(jobId);
        if (!job || isTerminal(job.status)) return { job, finished: Boolean(job) };
        const left = deadline - Date.now();
        if (left <= 0) return { job, finished: false };
        const woken = new AbortController();
        wake = () => woken.abort();
        await sleep(Math.min(left, 1000), woken.signal);
      }
    } finally {
      off();
    }
  }
}
