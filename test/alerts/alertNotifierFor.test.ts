import { expect } from 'chai';
import { alertNotifierFor } from '../../src/alerts/alertNotifierFor.js';
import { loadConfig } from '../../src/config.js';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import { RequestStore } from '../../src/store/RequestStore.js';

const guard = new InternalErrors({ warn: () => {} });
const none = () => undefined;

describe('alertNotifierFor', () => {
  it('builds none in a process without a store (a cluster worker): only the primary sends', () => {
    const config = loadConfig({ GOLDEN_SIGNALS_ALERTMANAGER_URL: 'http://127.0.0.1:9093' });
    expect(alertNotifierFor(config, undefined, guard, none, undefined)).to.equal(undefined);
  });

  it('builds none without a destination', () => {
    expect(alertNotifierFor(loadConfig({}), new RequestStore(), guard, none, undefined)).to.equal(
      undefined,
    );
  });

  it('builds and starts one where the store is, and stops it', async () => {
    const config = loadConfig({ GOLDEN_SIGNALS_ALERT_WEBHOOK_URL: 'http://127.0.0.1:1/hook' });
    const notifier = alertNotifierFor(config, new RequestStore(), guard, none, undefined);
    expect(notifier?.state()).to.include({ webhookUrl: 'http://127.0.0.1:1/hook', evaluations: 0 });
    await notifier?.stop();
  });
});
