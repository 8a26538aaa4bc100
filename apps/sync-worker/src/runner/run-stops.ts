import type { StopReason } from './conclude';

// Why a run is asked to stop: a cancel or a lost lease (seen by the heartbeat), its timeout, or
// the worker shutting down. The first reason wins; the handler sees one abort signal for all.
export class RunStops {
  reason: StopReason | undefined;
  private readonly controller = new AbortController();
  private readonly onShutdown = () => this.halt('shutdown');

  constructor(private readonly shutdown: AbortSignal) {
    shutdown.addEventListener('abort', this.onShutdown, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  halt(reason: StopReason): void {
    this.reason ??= reason;
    this.controller.abort();
  }

  // The run is over: a shutdown after this does not concern it.
  close(): void {
    this.shutdown.removeEventListener('abort', this.onShutdown);
  }
}
