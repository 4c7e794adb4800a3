/**
 * A small seeded generator (Park and Miller's minimal standard, multiplier 48271), so every run of
 * the bench draws the same service times and two runs differ only by what they measure. Plain
 * arithmetic: the products stay below 2^53, where doubles are exact.
 */
const MODULUS = 2_147_483_647;
const MULTIPLIER = 48_271;

export function seededRandom(seed: number): () => number {
  let state = Math.abs(Math.floor(seed)) % (MODULUS - 1) + 1;
  return () => {
    state = (state * MULTIPLIER) % MODULUS;
    return (state - 1) / (MODULUS - 1);
  };
}

/** A uniform draw in [min, max). */
export function uniform(random: () => number, min: number, max: number): number {
  return min + random() * (max - min);
}
