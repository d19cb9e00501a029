import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server on an ephemeral loopback port. */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens with a node:http request listener (or a framework's) on 127.0.0.1, on an ephemeral port. */
export function listen(listener: http.RequestListener): Promise<RunningServer> {
  return listening(http.createServer(listener));
}

/** Starts `server` on 127.0.0.1 with an ephemeral port; `close()` drops its connections too. */
export async function listening(server: http.Server): Promise<RunningServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** GETs each path in turn and reads the whole body; answers the statuses. */
export async function getAll(base: string, paths: readonly string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const path of paths) {
    const res = await fetch(`${base}${path}`);
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

/** Every `src` and `href` attribute of a page, and its `golden-signals-base` meta. */
export function pageReferences(html: string): { urls: string[]; base: string | undefined } {
  const urls = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
  const base = /<meta name="golden-signals-base" content="([^"]*)"/.exec(html)?.[1];
  return { urls, base };
}

/** Every double-quoted attribute value of a page. */
export function attributeValues(html: string): string[] {
  return [...html.matchAll(/\s[a-z-]+="([^"]*)"/g)].map((m) => m[1] as string);
}
