import { expect } from 'chai';
import Koa from 'koa';
import { errorHandler } from '../../demo/errorHandler.js';
import { jsonBodyParser } from '../../demo/jsonBodyParser.js';
import { send } from '../support/rawRequest.js';
import { type RunningServer, serve } from '../support/testApp.js';

const BODY = '{"text": "hi"}';

describe('jsonBodyParser', () => {
  let server: RunningServer;
  before(async () => {
    const app = new Koa();
    app.use(errorHandler(() => {}));
    app.use(jsonBodyParser());
    app.use((ctx) => {
      ctx.body = { received: ctx.request.body };
    });
    server = await serve(app);
  });
  after(() => server.close());

  // Types koa-bodyparser's own list misses, or whose parameters type-is cannot parse.
  for (const type of [
    'application/vnd.x+json',
    'application/reports+json',
    'application/json; charset=utf-8; x',
    'application/json;',
  ]) {
    it(`parses a body sent as ${type}`, async () => {
      const res = await send(server.url, 'POST', '/', { 'content-type': type }, BODY);
      expect(res.status).to.equal(200);
      expect(JSON.parse(res.body)).to.deep.equal({ received: { text: 'hi' } });
    });
  }

  // koa-bodyparser alone would leave {} for these, or decode them as UTF-8.
  for (const [type, error] of [
    ['text/plain', 'Content-Type must be application/json, got: text/plain'],
    [
      'application/csp-report',
      'Content-Type must be application/json, got: application/csp-report',
    ],
    ['application/json; charset=latin1', 'charset must be utf-8, got: latin1'],
  ] as const) {
    it(`answers 415 for ${type}`, async () => {
      const res = await send(server.url, 'POST', '/', { 'content-type': type }, BODY);
      expect(res.status).to.equal(415);
      expect(JSON.parse(res.body)).to.deep.equal({ error });
    });
  }

  it('answers 400 for an empty body, which co-body hands through as ""', async () => {
    const res = await send(server.url, 'POST', '/', { 'content-type': 'application/json' }, '');
    expect(res.status).to.equal(400);
    expect(JSON.parse(res.body)).to.deep.equal({ error: 'Request body is empty; expected JSON' });
  });
});
