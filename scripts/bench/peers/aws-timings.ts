import { uniform } from './seeded-random';

/**
 * How long the service takes, at AWS's own speed (no scaling: the virtual clock makes waiting free).
 *
 * Associations: 2 to 3 minutes, the range a user reports for the console in
 * https://github.com/aws/aws-sdk-js/issues/4099 ("about 2-3 minutes, before it turns to 'Active'").
 * Drawn to the millisecond, so they line up with nobody's polls.
 *
 * Package copy and validation: no published figure; an assumption of 10 to 30 seconds together.
 * Every strategy waits for the same draw, so it moves the floor, not the comparison.
 */
export const ASSOCIATION_MS = { min: 120_000, max: 180_000 } as const;
export const PACKAGE_COPY_MS = { min: 5_000, max: 15_000 } as const;
export const PACKAGE_VALIDATE_MS = { min: 5_000, max: 15_000 } as const;

export function drawAssociationMs(random: () => number): number {
  return Math.round(uniform(random, ASSOCIATION_MS.min, ASSOCIATION_MS.max));
}

export function drawPackageProcessing(random: () => number): { copyMs: number; validateMs: number } {
  return {
    copyMs: Math.round(uniform(random, PACKAGE_COPY_MS.min, PACKAGE_COPY_MS.max)),
    validateMs: Math.round(uniform(random, PACKAGE_VALIDATE_MS.min, PACKAGE_VALIDATE_MS.max)),
  };
}
