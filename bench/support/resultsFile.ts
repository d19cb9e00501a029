/**
 * bench/results.json (or, for a quick run, bench/results.quick.json): where
 * `npm run bench` and the section scripts that replace only their own keys
 * (bench/http/run.ts, bench/cluster/run.ts) read and write their figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { missingKeyPaths } from './keyPaths.js';

/** The results file's path; a quick run's rough figures never replace the full run's. */
export function resultsPath(quick: boolean): string {
  return fileURLToPath(
    new URL(`../../../bench/results${quick ? '.quick' : ''}.json`, import.meta.url),
  );
}

/** The file's results, or an empty object when there is none yet. */
export function readResults(file: string): Record<string, unknown> {
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {};
}

/** Writes `results`, formatted as the repository's linter does, so `npm run lint` stays clean after a run. */
export function writeResults(file: string, results: unknown): void {
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  execFileSync(process.execPath, [biome, 'format', '--write', file], { stdio: 'ignore' });
}

/**
 * The key paths of the committed full run (bench/results.json as it is on
 * disk before this run writes) that `results` lacks, leaving out
 * `skipSections`: each must stay, so earlier figures remain comparable.
 */
export function lostKeyPaths(results: unknown, skipSections: readonly string[] = []): string[] {
  return missingKeyPaths(readResults(resultsPath(false)), results, skipSections);
}

/** The line a run prints about lostKeyPaths' answer. */
export function lostKeysLine(lost: readonly string[]): string {
  return lost.length === 0
    ? 'Every key path of the committed bench/results.json is kept.'
    : `MISSING key paths of the committed bench/results.json: ${lost.join(', ')}`;
}
