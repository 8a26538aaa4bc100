// The in-memory half of the keyed consumer, free of Kafka so it can be tested alone: messages of
// one key run strictly one after another, different keys run concurrently (bounded), and each
// partition reports the offset up to which everything is done, which is all that may be committed.

export interface DispatchItem {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  // Resolves false when the message was handed back (shutdown): it stays uncommitted.
  run: () => Promise<boolean | void>;
}

interface Tracked {
  offset: number;
  done: boolean;
}

class PartitionTrack {
  private readonly entries: Tracked[] = [];
  private head = 0;
  maxSeen = -1;
  committed = -1;
  paused = false;
  add(offset: number): Tracked {
    const t = { offset, done: false };
    this.entries.push(t);
    this.maxSeen = offset;
    return t;
  }

  get pending(): number {
    return this.entries.length - this.head;
  }

  // The next offset to commit: the first message not yet done, or one past the last seen.
  commitPoint(): number {
    while (this.head < this.entries.length && this.entries[this.head].done) this.head++;
    if (this.head > 1024) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    return this.head < this.entries.length ? this.entries[this.head].offset : this.maxSeen + 1;
  }
}

interface QueuedItem {
  item: DispatchItem;
  tracked: Tracked;
  track: PartitionTrack;
}

export interface DispatcherOptions {
  concurrency: number;
  maxBufferedPerPartition: number;
  pause: (topic: string, partition: number) => void;
  resume: (topic: string, partition: number) => void;
}

export class KeyedDispatcher {
  private readonly partitions = new Map<string, PartitionTrack>();
  private readonly queues = new Map<string, QueuedItem[]>();
  private readonly runningKeys = new Set<string>();
  private readonly ready: string[] = [];
  private active = 0;
  private idleWaiters: Array<() => void> = [];
  private accepting = true;

  constructor(private readonly opts: DispatcherOptions) {}

  private static pk(topic: string, partition: number): string {
    return `${topic}:${partition}`;
  }

  // Returns false when the message was already taken (a redelivery after a rebalance that kept
  // this partition here): it is running or done, and its offset will be committed in turn.
  enqueue(item: DispatchItem): boolean {
    if (!this.accepting) return false;
    const pk = KeyedDispatcher.pk(item.topic, item.partition);
    let track = this.partitions.get(pk);
    if (!track) {
      track = new PartitionTrack();
      this.partitions.set(pk, track);
    }
    if (item.offset <= track.maxSeen) return false;
    const tracked = track.add(item.offset);
    const queue = this.queues.get(item.key);
    if (queue) queue.push({ item, tracked, track });
    else {
      this.queues.set(item.key, [{ item, tracked, track }]);
      if (!this.runningKeys.has(item.key)) this.ready.push(item.key);
    }
    if (!track.paused && track.pending >= this.opts.maxBufferedPerPartition) {
      track.paused = true;
      this.opts.pause(item.topic, item.partition);
    }
    this.pump();
    return true;
  }

  // Partitions handed to another member: forget what has not started. What is running goes on
  // (the database lease keeps it exclusive) but its offset is no longer ours to commit.
  revoke(topic: string, partition: number): void {
    const pk = KeyedDispatcher.pk(topic, partition);
    const track = this.partitions.get(pk);
    if (!track) return;
    this.partitions.delete(pk);
    for (const [key, queue] of this.queues) {
      const kept = queue.filter((q) => q.track !== track);
      if (kept.length) this.queues.set(key, kept);
      else this.queues.delete(key);
    }
  }

  assigned(): Array<{ topic: string; partition: number }> {
    return [...this.partitions.keys()].map((pk) => {
      const i = pk.lastIndexOf(':');
      return { topic: pk.slice(0, i), partition: Number(pk.slice(i + 1)) };
    });
  }

  // Offsets that moved since the last call: [{topic, partition, offset}] to commit.
  takeCommits(): Array<{ topic: string; partition: number; offset: string }> {
    const out: Array<{ topic: string; partition: number; offset: string }> = [];
    for (const [pk, track] of this.partitions) {
      const point = track.commitPoint();
      if (point > track.committed && point > 0) {
        const i = pk.lastIndexOf(':');
        out.push({
          topic: pk.slice(0, i),
          partition: Number(pk.slice(i + 1)),
          offset: String(point),
        });
      }
    }
    return out;
  }

  markCommitted(topic: string, partition: number, offset: string): void {
    const track = this.partitions.get(KeyedDispatcher.pk(topic, partition));
    if (track) track.committed = Math.max(track.committed, Number(offset));
  }

  stats(): { active: number; queuedKeys: number; buffered: number } {
    let buffered = 0;
    for (const q of this.queues.values()) buffered += q.length;
    return { active: this.active, queuedKeys: this.queues.size, buffered };
  }

  // Stop starting new work, drop what has not started, and wait for what runs.
  async drain(): Promise<void> {
    this.accepting = false;
    this.queues.clear();
    this.ready.length = 0;
    if (this.active === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.active < this.opts.concurrency && this.ready.length) {
      const key = this.ready.shift() as string;
      const queue = this.queues.get(key);
      if (!queue?.length || this.runningKeys.has(key)) continue;
      const next = queue.shift() as QueuedItem;
      if (!queue.length) this.queues.delete(key);
      this.runningKeys.add(key);
      this.active++;
      void this.runOne(key, next);
    }
  }

  private async runOne(key: string, q: QueuedItem): Promise<void> {
    let handedBack = false;
    try {
      handedBack = (await q.item.run()) === false;
    } finally {
      q.tracked.done = !handedBack;
      this.active--;
      this.runningKeys.delete(key);
      if (this.queues.get(key)?.length) this.ready.push(key);
      const track = q.track;
      if (track.paused) {
        track.commitPoint();
        if (track.pending < Math.max(1, this.opts.maxBufferedPerPartition / 2)) {
          track.paused = false;
          if (this.partitions.get(KeyedDispatcher.pk(q.item.topic, q.item.partition)) === track) {
            this.opts.resume(q.item.topic, q.item.partition);
          }
        }
      }
      this.pump();
      if (this.active === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        waiters.forEach((w) => w());
      }
    }
  }
}
