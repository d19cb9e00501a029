/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: a small seeded PRNG, so every bench run draws the same data. */
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

/** A standard normal draw (Box–Muller). */
export function standardNormal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Log-normal with the given median and log standard deviation. */
export function logNormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * standardNormal(random));
}

/** Pareto with scale `min` and shape `alpha` (heavy-tailed; infinite variance for alpha <= 2). */
export function pareto(random: Random, min: number, alpha: number): number {
  return min / (1 - random()) ** (1 / alpha);
}
