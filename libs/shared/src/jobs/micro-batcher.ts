// One call of a batch, with the means to answer it.
export interface BatchEntry<In, Out> {
  input: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

// Natural batching: the first call runs at once; calls that arrive while a batch is in flight
// wait and go together in the next, in arrival order. No timer, so a lone call pays no delay.
// With `keyOf`, inputs with the same key never share a batch (the later one waits for the next),
// so a batch can touch each row once. The runner answers each entry; whatever it leaves
// unanswered when it throws is rejected with that error.
export class MicroBatcher<In, Out> {
  private pending: Array<BatchEntry<In, Out>> = [];
  private running = false;

  constructor(
    private readonly run: (batch: Array<BatchEntry<In, Out>>) => Promise<void>,
    private readonly options: { keyOf?: (input: In) => string; maxBatch?: number } = {},
  ) {}

  // A runner that maps the batch's inputs to outputs in one call, answering each entry.
  static mapping<In, Out>(
    map: (inputs: In[]) => Promise<Out[]>,
  ): (batch: Array<BatchEntry<In, Out>>) => Promise<void> {
    return async (batch) => {
      const outs = await map(batch.map((e) => e.input));
      batch.forEach((e, i) => e.resolve(outs[i]));
    };
  }

  add(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.length) {
        const batch = this.take();
        try {
          await this.run(batch);
        } catch (error) {
          batch.forEach((e) => e.reject(error));
        }
      }
    } finally {
      this.running = false;
    }
  }

  private take(): Array<BatchEntry<In, Out>> {
    const maxBatch = this.options.maxBatch ?? 500;
    const keyOf = this.options.keyOf;
    if (!keyOf) return this.pending.splice(0, maxBatch);
    const batch: Array<BatchEntry<In, Out>> = [];
    const rest: Array<BatchEntry<In, Out>> = [];
    const keys = new Set<string>();
    for (const e of this.pending) {
      const key = keyOf(e.input);
      if (batch.length < maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(e);
      } else rest.push(e);
    }
    this.pending = rest;
    return batch;
  }
}
