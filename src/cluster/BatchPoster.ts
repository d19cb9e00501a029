import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { COMPACT_CONTENT_TYPE } from '../receiver/compactSpanFormat.js';

/** How a post ended: the receiver's status code, or 0 when there was no answer (refused, reset, timed out). */
export type PostOutcome = number;

/** Where batches go, and how. */
export interface BatchTarget {
  /** The full URL, `<origin>/v1/traces`. */
  readonly url: string;
  /** The dashboard token, when one is set: the receiver requires it. */
  readonly token: string | undefined;
  /** Longest wait for an answer. */
  readonly timeoutMs: number;
}

/**
 * Posts compact batches to one receiver over one kept-alive connection.
 * Every post resolves (never rejects) with its {@link PostOutcome}; its
 * own HTTP call is not traced, so forwarding never makes spans of its own.
 */
export class BatchPoster {
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly headers: Record<string, string>;
  private readonly send: typeof httpRequest;

  constructor(private readonly target: BatchTarget) {
    this.url = new URL(target.url);
    const https = this.url.protocol === 'https:';
    this.agent = https
      ? new HttpsAgent({ keepAlive: true, maxSockets: 1 })
      : new HttpAgent({ keepAlive: true, maxSockets: 1 });
    this.send = https ? httpsRequest : httpRequest;
    this.headers = {
      'content-type': COMPACT_CONTENT_TYPE,
      ...(target.token === undefined ? {} : { authorization: `Bearer ${target.token}` }),
    };
  }

  /** Posts one batch; resolves with the status code, or 0 on no answer. */
  post(bytes: Buffer): Promise<PostOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: PostOutcome): void => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      try {
        context.with(suppressTracing(context.active()), () => {
          const req = this.send(
            this.url,
            {
              method: 'POST',
              agent: this.agent,
              headers: { ...this.headers, 'content-length': String(bytes.length) },
              timeout: this.target.timeoutMs,
            },
            (res) => {
              res.on('error', () => settle(0));
              res.on('end', () => settle(res.statusCode ?? 0));
              res.resume();
            },
          );
          req.on('timeout', () => req.destroy(new Error('forwarding post timed out')));
          req.on('error', () => settle(0));
          req.end(bytes);
        });
      } catch {
        settle(0);
      }
    });
  }

  /** Closes the kept-alive connection. */
  close(): void {
    this.agent.destroy();
  }
}
