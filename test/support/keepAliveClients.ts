import http from 'node:http';

/** One request a client sends, and how many requests its answer stands for. */
export interface ClientRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  /** What a complete answer with this status counts for (1 for a request; the spans of an OTLP body). */
  readonly counts: (status: number) => number;
}

/** Clients that send continuously, each over one keep-alive connection. */
export interface KeepAliveClients {
  /** What the complete answers received so far count for. */
  answered(): number;
  /** Answers received so far, by status. */
  readonly statuses: Map<number, number>;
  /** The errors that stopped the clients (connection refused or reset at shutdown). */
  readonly errors: string[];
  /** Resolves once every client has stopped: at its first error, its last request, or the time limit. */
  readonly done: Promise<void>;
}

/** Sends one request over `agent`; resolves with the status once the whole body is read. */
function send(origin: URL, agent: http.Agent, request: ClientRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: origin.hostname,
        port: origin.port,
        method: request.method,
        path: request.path,
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        agent,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/**
 * Starts `clients` clients, each with its own keep-alive `http.Agent` of
 * one socket, sending `next(i)` back to back. Each stops at its first error
 * (the server is gone), after `maxRequests`, or after `maxMs`.
 */
export function keepAliveClients(
  url: string,
  options: {
    readonly clients: number;
    readonly maxRequests: number;
    readonly maxMs: number;
    readonly next: (i: number) => ClientRequest;
  },
): KeepAliveClients {
  const origin = new URL(url);
  const statuses = new Map<number, number>();
  const errors: string[] = [];
  let answered = 0;
  const stopAt = performance.now() + options.maxMs;
  const client = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < options.maxRequests && performance.now() < stopAt; i++) {
        const request = options.next(i);
        const status = await send(origin, agent, request);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        answered += request.counts(status);
      }
    } catch (err) {
      errors.push((err as NodeJS.ErrnoException).code ?? String(err));
    } finally {
      agent.destroy();
    }
  };
  const done = Promise.all(Array.from({ length: options.clients }, client)).then(() => {});
  return { answered: () => answered, statuses, errors, done };
}
