import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROOT } from './env';

export interface ExecRecord {
  event: 'start' | 'end';
  jobId: string;
  key: string;
  seq?: number;
  attempt: number;
  at: number;
  pid: number;
}

// The recording handler module appends one line per start and end of an execution.
export class RecordFile {
  readonly path: string;

  constructor(name: string) {
    mkdirSync(join(ROOT, '.shopsync'), { recursive: true });
    this.path = join(ROOT, '.shopsync', `${name}-${randomBytes(3).toString('hex')}.jsonl`);
    writeFileSync(this.path, '');
  }

  read(): ExecRecord[] {
    if (!existsSync(this.path)) return [];
    const text = readFileSync(this.path, 'utf8').trim();
    return text ? text.split('\n').map((l) => JSON.parse(l) as ExecRecord) : [];
  }

  starts(jobId?: string): ExecRecord[] {
    return this.read().filter((r) => r.event === 'start' && (!jobId || r.jobId === jobId));
  }

  // Executions per key as [start, end] intervals; a missing end (killed worker) ends at +infinity.
  intervals(): Map<string, Array<{ jobId: string; attempt: number; start: number; end: number }>> {
    const recs = this.read();
    const out = new Map<
      string,
      Array<{ jobId: string; attempt: number; start: number; end: number }>
    >();
    for (const s of recs.filter((r) => r.event === 'start')) {
      const end = recs.find(
        (e) =>
          e.event === 'end' &&
          e.jobId === s.jobId &&
          e.attempt === s.attempt &&
          e.pid === s.pid &&
          e.at >= s.at,
      );
      const list = out.get(s.key) ?? [];
      list.push({
        jobId: s.jobId,
        attempt: s.attempt,
        start: s.at,
        end: end ? end.at : Number.POSITIVE_INFINITY,
      });
      out.set(s.key, list);
    }
    return out;
  }

  // Pairs of executions of one key that overlapped in time (a killed run counts until the next one starts).
  overlaps(): Array<{ key: string; a: string; b: string }> {
    const found: Array<{ key: string; a: string; b: string }> = [];
    for (const [key, list] of this.intervals()) {
      const sorted = [...list].sort((x, y) => x.start - y.start);
      for (let i = 1; i < sorted.length; i++) {
        const prev = sorted[i - 1];
        const end = Number.isFinite(prev.end) ? prev.end : sorted[i].start;
        if (sorted[i].start < end)
          found.push({
            key,
            a: `${prev.jobId}#${prev.attempt}`,
            b: `${sorted[i].jobId}#${sorted[i].attempt}`,
          });
      }
    }
    return found;
  }
}
