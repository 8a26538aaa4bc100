interface Pending<In, Out> {
  input: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

// Natural batching: the first call runs at once; calls that arrive while a batch is in flight
// wait and go together in the next. No timer, so a lone call pays no delay. Inputs with the same
// key never share a batch (the later one waits for the next), so a batch can touch each row once.
export class MicroBatcher<In, Out> {
  private pending: Array<Pending<In, Out>> = [];
  private running = false;

  constructor(
    private readonly run: (batch: In[]) => Promise<Out[]>,
    private readonly keyOf: (input: In) => string,
    private readonly maxBatch = 500,
  ) {}

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
        const batch: Array<Pending<In, Out>> = [];
        const rest: Array<Pending<In, Out>> = [];
        const keys = new Set<string>();
        for (const p of this.pending) {
          const key = this.keyOf(p.input);
          if (batch.length < this.maxBatch && !keys.has(key)) {
            keys.add(key);
            batch.push(p);
          } else rest.push(p);
        }
        this.pending = rest;
        try {
          const outs = await this.run(batch.map((p) => p.input));
          batch.forEach((p, i) => p.resolve(outs[i]));
        } catch (error) {
          batch.forEach((p) => p.reject(error));
        }
      }
    } finally {
      this.running = false;
    }
  }
}
