/**
 * How long a handler waits, within one invocation, before it looks at the domain again after a
 * refusal it could not explain: ListPackagesForDomain and DescribeDomain may lag a change that
 * started a moment ago. One pause per refusal, so a refusal on an idle domain fails in seconds.
 * Mutable only so handler unit tests can set it to 0.
 */
export const refusalRecheck = { delayMs: 5_000 };

/**
 * How often one invocation sends a request the service refuses while nothing is in flight: the first
 * try, and one more after a pause of `refusalRecheck.delayMs` and a fresh look at the state. A refusal
 * that outlives both fails the step, so no poll ever retries a refusal on an idle domain or package.
 */
export const REFUSED_ATTEMPTS = 2;

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
