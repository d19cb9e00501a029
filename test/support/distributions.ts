import { type Random, seededRandom } from './seededRandom.js';

/** A standard normal draw (Box–Muller). */
export function standardNormal(random: Random): number {
  const u = 1 - random(); // (0, 1], so the log is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal with the given median (ms) and log standard deviation. */
export function logNormal(random: Random, medianMs: number, sigma: number): number {
  return medianMs * Math.exp(sigma * standardNormal(random));
}

/** Two log-normal modes: fast (cache hits) and slow, `slowShare` of the time. */
export function bimodal(random: Random, fastMs: number, slowMs: number, slowShare: number): number {
  const median = random() < slowShare ? slowMs : fastMs;
  return logNormal(random, median, 0.15);
}

/** Pareto with scale `minMs` and shape `alpha`: heavy-tailed (infinite variance for alpha <= 2). */
export function pareto(random: Random, minMs: number, alpha: number): number {
  return minMs / (1 - random()) ** (1 / alpha);
}

/** A named latency distribution to loop over. */
export interface Distribution {
  readonly name: string;
  readonly draw: (random: Random) => number;
}

/** The distributions the percentile tests run on. */
export const DISTRIBUTIONS: readonly Distribution[] = [
  { name: 'log-normal (median 80 ms, sigma 0.8)', draw: (r) => logNormal(r, 80, 0.8) },
  { name: 'bimodal (20 ms / 400 ms, 15% slow)', draw: (r) => bimodal(r, 20, 400, 0.15) },
  { name: 'Pareto (min 5 ms, alpha 1.3)', draw: (r) => pareto(r, 5, 1.3) },
  { name: 'uniform (50 to 500 ms)', draw: (r) => 50 + 450 * r() },
];

/** `n` draws from a distribution with a fixed seed. */
export function samples(distribution: Distribution, n: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => distribution.draw(random));
}

/** The exact nearest-rank quantile of the original design: `sorted[min(floor(n * q), n - 1)]`. */
export function exactQuantile(sorted: readonly number[], q: number): number {
  const value = sorted[Math.min(Math.floor(sorted.length * q), sorted.length - 1)];
  if (value === undefined) throw new RangeError('exactQuantile of an empty list');
  return value;
}
