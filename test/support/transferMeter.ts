import type { Page } from 'playwright-core';

/** One response as the network saw it: bytes on the wire (headers and encoded body) and the body decoded. */
export interface Transfer {
  readonly url: string;
  readonly encoding: string;
  /** Bytes received for it: headers and the (compressed) body, as Chromium's DevTools count them. */
  readonly transferBytes: number;
  /** The body's length once decoded. */
  readonly decodedBytes: number;
}

interface ResponseReceived {
  requestId: string;
  response: { url: string; headers: Record<string, string> };
}
interface DataReceived {
  requestId: string;
  dataLength: number;
}
interface LoadingFinished {
  requestId: string;
  encodedDataLength: number;
}

/**
 * Counts every response a page receives over the DevTools protocol
 * (Resource Timing cannot: the page's installed clock fakes `performance`).
 * {@link take} hands over what finished since the last call.
 */
export class TransferMeter {
  private readonly pending = new Map<string, { url: string; encoding: string; decoded: number }>();
  private finished: Transfer[] = [];

  private constructor() {}

  /** Starts counting the page's responses. */
  static async attach(page: Page): Promise<TransferMeter> {
    const meter = new TransferMeter();
    const cdp = await page.context().newCDPSession(page);
    cdp.on('Network.responseReceived', (e: ResponseReceived) => {
      const headers = Object.fromEntries(
        Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      meter.pending.set(e.requestId, {
        url: e.response.url,
        encoding: headers['content-encoding'] ?? 'identity',
        decoded: 0,
      });
    });
    cdp.on('Network.dataReceived', (e: DataReceived) => {
      const p = meter.pending.get(e.requestId);
      if (p !== undefined) p.decoded += e.dataLength;
    });
    cdp.on('Network.loadingFinished', (e: LoadingFinished) => {
      const p = meter.pending.get(e.requestId);
      if (p === undefined) return;
      meter.pending.delete(e.requestId);
      meter.finished.push({
        url: p.url,
        encoding: p.encoding,
        transferBytes: e.encodedDataLength,
        decodedBytes: p.decoded,
      });
    });
    await cdp.send('Network.enable');
    return meter;
  }

  /** The responses finished since the last call. */
  take(): Transfer[] {
    const out = this.finished;
    this.finished = [];
    return out;
  }
}
