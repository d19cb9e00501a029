import { context, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type RPCMetadata, RPCType, setRPCMetadata } from '@opentelemetry/core';
import { expect } from 'chai';
import { RouteMetadata } from '../../src/routes/RouteMetadata.js';
import { setNoRoute, setRoute } from '../../src/routes/setRoute.js';

/** The two kinds of metadata a request can carry: instrumentation-http's plain object, and ours. */
const KINDS: [string, () => RPCMetadata][] = [
  [
    "instrumentation-http's plain metadata",
    () => ({ type: RPCType.HTTP, span: trace.wrapSpanContext(INVALID_SPAN_CONTEXT) }),
  ],
  ['a RouteMetadata', () => new RouteMetadata(trace.wrapSpanContext(INVALID_SPAN_CONTEXT))],
];

for (const [kind, make] of KINDS)
  describe(`setRoute, on ${kind}`, () => {
    let manager: AsyncLocalStorageContextManager;

    before(() => {
      manager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(manager);
    });

    after(() => {
      context.disable();
    });

    /** Runs `fn` inside a request's context, as instrumentation-http makes it; returns the metadata. */
    function inRequest(fn: (metadata: RPCMetadata) => void): RPCMetadata {
      const metadata = make();
      context.with(setRPCMetadata(ROOT_CONTEXT, metadata), () => fn(metadata));
      return metadata;
    }

    it('holds our template against a later write by another instrumentation', () => {
      const m = inRequest((metadata) => {
        metadata.route = '/api';
        setRoute('/api/orders/:orderId');
        metadata.route = '/orders/:orderId';
      });
      expect(m.route).to.equal('/api/orders/:orderId');
    });

    it('lets a later call of ours win', () => {
      const m = inRequest(() => {
        setRoute('/a');
        setRoute('/b');
      });
      expect(m.route).to.equal('/b');
    });

    describe('#setNoRoute', () => {
      it("keeps another instrumentation's partial template off a request no route matched", () => {
        const m = inRequest((metadata) => {
          metadata.route = '/api';
          setNoRoute();
          metadata.route = '/api';
        });
        expect(m.route).to.equal(undefined);
      });

      it('leaves a template of ours alone, and yields to one named after it', () => {
        expect(
          inRequest(() => {
            setRoute('/x/:id');
            setNoRoute();
          }).route,
        ).to.equal('/x/:id');
        expect(
          inRequest(() => {
            setNoRoute();
            setRoute('/y');
          }).route,
        ).to.equal('/y');
      });
    });

    it('does nothing outside a traced HTTP request', () => {
      expect(() => {
        setRoute('/z');
        setNoRoute();
      }).not.to.throw();
    });
  });
