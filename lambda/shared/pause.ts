/**
 * How a handler rides out a refusal it can't explain. Services refuse for reasons their API does not
 * show (background work, a state DescribeDomain reports late, the minutes after a domain was created),
 * so a refusal on an idle-looking domain or package is asked again with backoff before it fails: at
 * least 3 attempts over at least 30 s, and a failure well within 2 minutes of the first refusal.
 *
 * The grace runs inside one invocation rather than across isComplete polls: a poll can't tell the next
 * one how often it was refused (the framework hands every poll the same onEvent result), so only one
 * invocation can count the attempts it promises. 30 s of pauses fit easily in the 5-minute function.
 * Every wait goes through {@link pause} and Date.now(), so a host that scales time scales these too.
 */
export const refusalGrace = {
  /** Pauses between attempts: attempts at 0 s, 10 s and 30 s. Mutable only so handler unit tests can shorten them. */
  delaysMs: [10_000, 20_000] as readonly number[],
};

/** How often one invocation sends a request the service keeps refusing on an idle domain or package. */
export function refusedAttempts(): number {
  return refusalGrace.delaysMs.length + 1;
}

/** The pause before attempt `attempt + 1` (attempts count from 1). */
export function refusalPause(attempt: number): number {
  return refusalGrace.delaysMs[Math.min(attempt, refusalGrace.delaysMs.length) - 1] ?? 0;
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
