import { expect } from 'chai';
import { exposureWarning } from '../../demo/exposureWarning.js';

describe("the demo's exposureWarning", () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) {
    it(`stays quiet on loopback ${host}`, () => {
      expect(exposureWarning(host, undefined)).to.equal(undefined);
    });
  }
  for (const host of ['0.0.0.0', '::', '10.0.0.5', 'example.internal']) {
    it(`warns on ${host} without a token`, () => {
      expect(exposureWarning(host, undefined)).to.match(
        /listening on .* with no GOLDEN_SIGNALS_DASHBOARD_TOKEN/,
      );
    });
    it(`stays quiet on ${host} with a token`, () => {
      expect(exposureWarning(host, 'x'.repeat(16))).to.equal(undefined);
    });
  }
});
