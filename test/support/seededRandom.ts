/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: a small, seeded PRNG, so every run draws the same samples. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The C library's LCG (1103515245, 12345, 2^31), in floating point as the
 * tests first wrote it: the drill-down and exemplar tests draw their data
 * from it, and keeping its exact sequence keeps their data unchanged.
 */
export function lcgRandom(seed: number): Random {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
