import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import { type Env, read } from '../configValues.js';

/** The sampler `OTEL_TRACES_SAMPLER` names, and what was wrong with it when it could not be used. */
export interface SamplerFromEnv {
  readonly sampler: Sampler;
  readonly problem: string | undefined;
}

/** The ratio of `OTEL_TRACES_SAMPLER_ARG`: 1 when unset, undefined when not a number from 0 to 1. */
function ratioOf(env: Env): number | undefined {
  const text = read(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (text === undefined) return 1;
  const ratio = Number(text);
  return Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : undefined;
}

/**
 * The root sampler of `OTEL_TRACES_SAMPLER` (with `OTEL_TRACES_SAMPLER_ARG`
 * for the ratio ones), as the NodeSDK of auto-instrumentations-node's
 * preload reads it; `parentbased_always_on` when unset. It decides the
 * sampled flag, hence what the app's exporters get; golden-signals still
 * records every span for the dashboard around it. A value that cannot be
 * used gives the default, and the problem to say at start.
 */
export function samplerFromEnv(env: Env): SamplerFromEnv {
  const name = (read(env, 'OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on').toLowerCase();
  const ratio = ratioOf(env);
  const fallback = new ParentBasedSampler({ root: new AlwaysOnSampler() });
  if (ratio === undefined) {
    return {
      sampler: fallback,
      problem: `OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got: ${env.OTEL_TRACES_SAMPLER_ARG}; using parentbased_always_on`,
    };
  }
  const root = (s: Sampler) => new ParentBasedSampler({ root: s });
  const samplers = new Map<string, () => Sampler>([
    ['always_on', () => new AlwaysOnSampler()],
    ['always_off', () => new AlwaysOffSampler()],
    ['traceidratio', () => new TraceIdRatioBasedSampler(ratio)],
    ['parentbased_always_on', () => fallback],
    ['parentbased_always_off', () => root(new AlwaysOffSampler())],
    ['parentbased_traceidratio', () => root(new TraceIdRatioBasedSampler(ratio))],
  ]);
  const make = samplers.get(name);
  if (make === undefined) {
    return {
      sampler: fallback,
      problem: `OTEL_TRACES_SAMPLER must be one of ${[...samplers.keys()].join(', ')}, got: ${env.OTEL_TRACES_SAMPLER}; using parentbased_always_on`,
    };
  }
  return { sampler: make(), problem: undefined };
}
