import Router from '@koa/router';
import type { LatencyRange } from './config.js';
import { ValidationError } from './httpErrors.js';
import { jsonBodyParser } from './jsonBodyParser.js';
import { ModelError } from './ModelError.js';
import type { SentimentModel } from './SentimentModel.js';

/** Longest `text` accepted, in characters. */
export const MAX_TEXT_LENGTH = 10_000;

/** How `/predict` simulates a real model's latency and failures, as in the original design. */
export interface PredictOptions {
  readonly model: SentimentModel;
  readonly latency: LatencyRange;
  /** Chance of an injected 500, 0–1. */
  readonly failureRate: number;
  /** Injected randomness, `Math.random` by default. */
  readonly random?: () => number;
  /** Injected wait; resolves after `ms`. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Checks the body's shape: `{"text": string}` with 1–10,000 characters. */
export function validatePredictBody(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('Body must be a JSON object like {"text": "..."}');
  }
  const text = (body as { text?: unknown }).text;
  if (text === undefined) throw new ValidationError('Field "text" is required');
  if (typeof text !== 'string') throw new ValidationError('Field "text" must be a string');
  if (text.length === 0) throw new ValidationError('Field "text" must not be empty');
  if (text.length > MAX_TEXT_LENGTH) {
    throw new ValidationError(`Field "text" must be at most ${MAX_TEXT_LENGTH} characters`);
  }
  return text;
}

/** `POST /predict`: validates, waits the simulated latency, maybe fails, then runs the model. */
export function predictRouter(options: PredictOptions): Router {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const { minMs, maxMs } = options.latency;
  const router = new Router({ sensitive: true });
  router.post('/predict', jsonBodyParser(), async (ctx) => {
    const text = validatePredictBody(ctx.request.body);
    const delay = minMs + (maxMs - minMs) * random();
    if (delay > 0) await sleep(delay);
    if (random() < options.failureRate) throw new ModelError('Random ML failure');
    ctx.body = options.model.predict(text);
  });
  return router;
}
