import { expect } from 'chai';
import type { AlertNotice } from '../../src/alerts/AlertTracker.js';
import { alertmanagerAlert } from '../../src/alerts/alertmanagerAlert.js';
import { webhookBody } from '../../src/alerts/webhookBody.js';
import { T0 } from '../support/fakeClock.js';

const alert = {
  key: 'availability|api|*|1h/5m',
  labels: { alertname: 'GoldenSignalsErrorBudgetBurn', service: 'api' },
  annotations: { summary: 'api: availability burns', description: '99.9% succeed' },
  firing: true,
};

describe('webhookBody', () => {
  it("says [FIRING] in Slack's text field, with the link, and no end", () => {
    const notice: AlertNotice = { kind: 'firing', alert, startsAtMs: T0, endsAtMs: T0 + 240_000 };
    expect(webhookBody(notice, 'http://d/dashboard')).to.deep.equal({
      text: '[FIRING] api: availability burns; 99.9% succeed http://d/dashboard',
      status: 'firing',
      labels: alert.labels,
      annotations: alert.annotations,
      starts_at: '2024-01-01T00:00:00.000Z',
      ends_at: null,
      dashboard_url: 'http://d/dashboard',
    });
  });

  it('says [RESOLVED] with the end, without a link when none is known', () => {
    const notice: AlertNotice = { kind: 'resolved', alert, startsAtMs: T0, endsAtMs: T0 + 5_000 };
    const body = webhookBody(notice, undefined);
    expect(body).to.include({
      text: '[RESOLVED] api: availability burns',
      status: 'resolved',
      ends_at: '2024-01-01T00:00:05.000Z',
      dashboard_url: null,
    });
  });
});

describe('alertmanagerAlert', () => {
  it('carries the v2 fields, and a generatorURL only when known', () => {
    const notice: AlertNotice = { kind: 'firing', alert, startsAtMs: T0, endsAtMs: T0 + 240_000 };
    expect(alertmanagerAlert(notice, 'http://d/dashboard')).to.deep.equal({
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: '2024-01-01T00:00:00.000Z',
      endsAt: '2024-01-01T00:04:00.000Z',
      generatorURL: 'http://d/dashboard',
    });
    expect(alertmanagerAlert(notice, undefined)).to.not.have.property('generatorURL');
  });
});
