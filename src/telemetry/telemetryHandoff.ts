import type { Config } from '../config.js';
import type { Telemetry } from './Telemetry.js';

/** What instrumentation.ts publishes for server.ts. */
export interface Handoff {
  readonly telemetry: Telemetry;
  readonly config: Config;
}

let published: Handoff | undefined;

/**
 * Hands the telemetry built by `instrumentation.ts` (loaded with `--import`)
 * to `server.ts`. Only those two entry points call this module; everything
 * below them receives its dependencies as arguments.
 */
export function publishTelemetry(handoff: Handoff): void {
  if (published !== undefined) throw new Error('telemetry was already published');
  published = handoff;
}

/** The published telemetry, or undefined when the process was not started with `--import`. */
export function publishedTelemetry(): Handoff | undefined {
  return published;
}
