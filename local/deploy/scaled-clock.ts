/**
 * A clock that runs `scale` times faster than real time from `origin` on, so a deployment can state
 * its waits in realistic seconds (a 5 s pause, a 30 s grace, a 2 minute deadline) and still finish in
 * a fraction of that. The emulator reads it as its clock, and the local Lambda host runs every
 * function on it (their Date and timers; see scaled-time.js), so both agree on "now": a deadline
 * stamped by onEvent and read by isComplete, or a package's CreatedAt read by a handler.
 *
 * Only waiting is faster: the work itself (a cold start, a request) takes the real time it takes,
 * which on this clock looks `scale` times longer.
 */
export class ScaledClock {
  /** Real time: the default for the demo and the bench. */
  public static readonly REAL = new ScaledClock(1);

  /**
   * @param scale how many milliseconds of this clock pass per real millisecond (at least 1)
   * @param origin the real epoch milliseconds at which both clocks read the same
   */
  constructor(public readonly scale: number, public readonly origin: number = Date.now()) {
    if (!(Number.isFinite(scale) && scale >= 1)) throw new Error(`time scale must be a finite number of at least 1, not ${scale}`);
  }

  /** Epoch milliseconds on this clock (a whole number, as Date.now returns). */
  public now(): number {
    return scaledNow(Date.now(), this.scale, this.origin);
  }

  /** The real milliseconds `ms` of this clock take. */
  public toReal(ms: number): number {
    return ms / this.scale;
  }

  /** Resolves once `ms` of this clock have passed. */
  public sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.toReal(ms)));
  }
}

/** The one formula both sides use (the worker's copy is in scaled-time.js). */
function scaledNow(realNow: number, scale: number, origin: number): number {
  return Math.floor(origin + (realNow - origin) * scale);
}
