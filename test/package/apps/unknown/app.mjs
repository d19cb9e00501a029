// A framework golden-signals does not know: a hand-rolled router on node:http.
// Started with `node --import golden-signals/register app.js`; every request counts as unmatched.
import http from 'node:http';

const routes = [[/^\/api\/users\/([^/]+)$/, (m) => ({ id: m[1] })]];

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  for (const [pattern, handle] of routes) {
    const m = pattern.exec(path);
    if (m !== null) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(handle(m)));
      return;
    }
  }
  res.statusCode = 404;
  res.end('not found');
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`app listening on http://127.0.0.1:${server.address().port}`);
});
