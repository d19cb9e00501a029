import http from 'node:http';

/** What came back: status, body as text, headers. */
export interface RawResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A raw request with node:http on a connection of its own, so headers and
 * bodies can be malformed on purpose (a malformed request may end its connection).
 */
export function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
      },
    );
    // The server may answer (413) and close before the whole body is sent.
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}
