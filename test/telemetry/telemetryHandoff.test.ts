import { expect } from 'chai';
import {
  publishedTelemetry,
  requestedStartOptions,
  requestStartOptions,
} from '../../src/telemetry/telemetryHandoff.js';

describe('telemetryHandoff', () => {
  describe('#requestStartOptions', () => {
    it('refuses once instrumentation.js has started the SDK, so options cannot silently do nothing', () => {
      // mocha loads dist/instrumentation.js with --import, so telemetry is published.
      expect(publishedTelemetry()).not.to.equal(undefined);
      expect(() => requestStartOptions({ dashboardExporter: () => ({}) as never })).to.throw(
        /already started/,
      );
      expect(requestedStartOptions()).to.deep.equal({});
    });
  });
});
