import { expect } from 'chai';
import type { RedactQueryMode } from '../../src/privacy/RedactionSettings.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { FakeClock, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';

const MESSAGE = 'GET http://alice:pa55word@h/a?token=s3cr3t&user=bob failed';

/** What the store holds of one error with {@link MESSAGE}: the recent entry's message and the group's template. */
function held(mode: RedactQueryMode | undefined): { message: string; template: string } {
  const clock = new FakeClock(T0);
  const store = new RequestStore({
    now: clock.now,
    ...(mode === undefined ? {} : { redactQuery: mode }),
  });
  store.record(request(T0, { statusCode: 502, errorType: 'UpstreamError', errorMessage: MESSAGE }));
  const [group] = store.errorGroupsSince(T0 - 60_000, () => true);
  return {
    message: store.errors.entries()[0]?.message ?? '',
    template: group?.group.template ?? '',
  };
}

describe('RequestStore', () => {
  describe('#record: the URLs of error messages', () => {
    it('holds them redacted (sensitive by default), in recent errors and error groups', () => {
      const { message, template } = held(undefined);
      expect(message).to.equal('GET http://REDACTED:REDACTED@h/a?token=REDACTED&user=bob failed');
      expect(template).to.equal(message);
    });

    it('masks every value with all, and nothing with off', () => {
      expect(held('all').message).to.equal(
        'GET http://REDACTED:REDACTED@h/a?token=REDACTED&user=REDACTED failed',
      );
      expect(held('off').message).to.equal(MESSAGE);
    });
  });

  describe('#restore', () => {
    it('redacts the messages of recent errors a snapshot made with redaction off holds', () => {
      const clock = new FakeClock(T0);
      const raw = new RequestStore({ now: clock.now, redactQuery: 'off' });
      raw.record(request(T0, { statusCode: 502, errorMessage: MESSAGE }));
      const restored = new RequestStore({ now: clock.now });
      restored.restore(raw.toSnapshot());
      expect(restored.errors.entries()[0]?.message).to.equal(
        'GET http://REDACTED:REDACTED@h/a?token=REDACTED&user=bob failed',
      );
    });
  });
});
