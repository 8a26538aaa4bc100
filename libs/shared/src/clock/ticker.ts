import { Logger } from '@nestjs/common';

export interface TickerOptions {
  // Before the first run; 0 runs at once.
  firstDelayMs?: number;
  // Housekeeping that must not keep a process alive.
  unref?: boolean;
  logger?: Logger;
}

// Runs `work` every `intervalMs`, never overlapping itself; a failure is logged and the next
// tick tries again (a database restart must not kill the loop).
export class Ticker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly options: TickerOptions = {},
  ) {
    this.logger = options.logger ?? new Logger(name);
  }

  start(): void {
    this.stopped = false;
    this.schedule(this.options.firstDelayMs ?? 0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.work()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn({
            msg: `${this.name} failed; retrying next tick`,
            error: String(error),
          }),
        )
        .finally(() => {
          this.running = undefined;
          this.schedule(this.intervalMs);
        });
    }, delay);
    if (this.options.unref) this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
