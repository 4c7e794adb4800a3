import { performance } from 'perf_hooks';

/**
 * Time for replaying minutes of AWS waiting in a fraction of a second: sleeps advance a virtual
 * clock instead of passing, while real work (an API call, a handler invocation) runs at real speed
 * and is charged to the virtual clock for exactly as long as it took. The emulator reads the same
 * clock, so its associations and package validations end at virtual times.
 */
export class VirtualClock {
  private nowMs = 0;
  private sequence = 0;
  private readonly timers: Array<{ at: number; order: number; wake: () => void }> = [];
  /** Real work in flight: virtual time must not move while any runs. */
  private busy = 0;
  /** Wakes the driver when the last real work in flight ends. */
  private wakeWhenIdle?: () => void;

  public readonly now = (): number => this.nowMs;

  public sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.timers.push({ at: this.nowMs + Math.max(0, ms), order: this.sequence++, wake }));
  }

  /** Runs real work, then charges its real duration to the caller's virtual time. */
  public async real<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    this.busy++;
    let result: T;
    try {
      result = await work();
    } finally {
      if (--this.busy === 0) this.wakeWhenIdle?.();
    }
    await this.sleep(performance.now() - started);
    return result;
  }

  /** Charges a cost measured elsewhere (a cold start) without doing the work. */
  public charge(ms: number): Promise<void> {
    return this.sleep(ms);
  }

  /** Drives `tasks` to the end: whenever every task waits on a sleep, time jumps to the earliest one. */
  public async run<T>(tasks: Array<Promise<T>>): Promise<T[]> {
    let settled = false;
    let failure: unknown;
    let results: T[] = [];
    Promise.all(tasks).then((r) => { results = r; settled = true; }, (error) => { failure = error; settled = true; });
    for (;;) {
      // Let promise chains run until each task is parked on a sleep or on real work.
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) break;
      if (this.busy > 0) {
        await new Promise<void>((resolve) => { this.wakeWhenIdle = resolve; });
        this.wakeWhenIdle = undefined;
        continue;
      }
      if (this.timers.length === 0) throw new Error('virtual clock: every task waits, but on nothing the clock controls');
      this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.timers.shift()!;
      this.nowMs = Math.max(this.nowMs, next.at);
      next.wake();
    }
    if (failure !== undefined) throw failure;
    return results;
  }
}
