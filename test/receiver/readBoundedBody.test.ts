import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { ReceiverRejection } from '../../src/receiver/ReceiverRejection.js';
import { type BodyReadOptions, readBoundedBody } from '../../src/receiver/readBoundedBody.js';
import { listen, type RunningServer } from '../support/listen.js';

/** What the test server answers: the body read, or the rejection. */
type Outcome =
  | { readonly body: string }
  | { readonly status: number; readonly reason: string; readonly message: string };

/** A body sent as `chunks`, then ended unless `end` is false; `headers` as given. */
interface Sending {
  readonly headers?: http.OutgoingHttpHeaders;
  readonly chunks: readonly Buffer[];
  readonly end?: boolean;
}

/** POSTs to a server that reads the body with `options`, and answers what the read gave. */
async function readWith(options: BodyReadOptions, sending: Sending): Promise<Outcome> {
  const server: RunningServer = await listen((req, res) => {
    readBoundedBody(req, options).then(
      (body) => res.end(JSON.stringify({ body: body.toString('utf8') })),
      (err: ReceiverRejection) => {
        // The request stream is left unread on a rejection: the connection closes.
        res.setHeader('Connection', 'close');
        res.end(JSON.stringify({ status: err.status, reason: err.reason, message: err.message }));
      },
    );
  });
  try {
    return await new Promise<Outcome>((resolve, reject) => {
      const req = http.request(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: sending.headers,
      });
      req.on('error', () => undefined); // the server may close while the client still writes
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => {
          resolve(JSON.parse(Buffer.concat(parts).toString('utf8')) as Outcome);
          req.destroy();
        });
        res.on('error', reject);
      });
      for (const chunk of sending.chunks) req.write(chunk);
      if (sending.end !== false) req.end();
    });
  } finally {
    await server.close();
  }
}

const plain = (maxBytes: number): BodyReadOptions => ({ maxBytes, timeoutMs: 10_000, gzip: false });
const gzipped = (maxBytes: number): BodyReadOptions => ({ ...plain(maxBytes), gzip: true });

describe('readBoundedBody', () => {
  it('reads a body within the limit into one buffer', async () => {
    const chunks = [Buffer.from('hello '), Buffer.from('world')];
    expect(await readWith(plain(11), { chunks })).to.deep.equal({ body: 'hello world' });
  });

  it('refuses a declared Content-Length over the limit with a 413 before reading', async () => {
    const outcome = await readWith(plain(10), {
      headers: { 'Content-Length': '100' },
      chunks: [Buffer.alloc(100)],
    });
    expect(outcome).to.deep.include({ status: 413, reason: 'too_large' });
    expect(outcome).to.have.property('message').that.contains('length');
  });

  it('counts the bytes of a chunked body as they arrive, and refuses past the limit', async () => {
    const outcome = await readWith(plain(10), {
      headers: { 'Transfer-Encoding': 'chunked' },
      chunks: [Buffer.alloc(6), Buffer.alloc(6)],
    });
    expect(outcome).to.deep.include({ status: 413, reason: 'too_large' });
    expect(outcome).to.have.property('message').that.contains('as sent');
  });

  it('inflates a gzip body as it streams in', async () => {
    const outcome = await readWith(gzipped(100), { chunks: [gzipSync('hello gzip')] });
    expect(outcome).to.deep.equal({ body: 'hello gzip' });
  });

  it('stops a gzip bomb at the limit of its inflated size', async () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000));
    expect(bomb.length).to.be.below(10_000);
    const outcome = await readWith(gzipped(10_000), { chunks: [bomb] });
    expect(outcome).to.deep.include({ status: 413, reason: 'too_large' });
    expect(outcome).to.have.property('message').that.contains('after gunzip');
  });

  it('refuses a body that is not gzip with a 400', async () => {
    const outcome = await readWith(gzipped(100), { chunks: [Buffer.from('not gzip at all')] });
    expect(outcome).to.deep.include({ status: 400, reason: 'malformed' });
  });

  it('refuses a body that does not arrive in time with a 408', async () => {
    const outcome = await readWith(
      { maxBytes: 1_000, timeoutMs: 20, gzip: false },
      { headers: { 'Content-Length': '100' }, chunks: [Buffer.alloc(10)], end: false },
    );
    expect(outcome).to.deep.include({ status: 408, reason: 'timeout' });
  });
});
