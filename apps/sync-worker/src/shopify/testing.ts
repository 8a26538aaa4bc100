import type { Timer } from './timer';

// Virtual time for specs: sleeping advances the clock at once.
export class FakeTimer implements Timer {
  slept: number[] = [];
  constructor(public current = 0) {}

  now(): number {
    return this.current;
  }

  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.current += ms;
    await Promise.resolve();
  }
}
