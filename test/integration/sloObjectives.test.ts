import { expect } from 'chai';
import { createApp } from '../../demo/app.js';
import { SentimentModel } from '../../demo/SentimentModel.js';
import type { ObjectiveReport, SloReport } from '../../src/dashboard/queries/sloQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import {
  getJson,
  postJson,
  type RunningServer,
  serve,
  startTestPipeline,
} from '../support/testApp.js';

const TEXTS = ['This is amazing!', 'This is terrible!', 'This is okay'];

/** The demo app with `/limited` answering 429, and a switch that makes `/predict` fail with 500. */
interface SloApp {
  readonly server: RunningServer;
  readonly gs: GoldenSignals;
  /** While true, every valid `/predict` throws the demo's ModelError (500). */
  failing: boolean;
}

async function startSloApp(env: Readonly<Record<string, string>>): Promise<SloApp> {
  const gs = startTestPipeline(env);
  const state = { failing: false };
  const app = createApp({
    goldenSignals: gs,
    predict: {
      model: new SentimentModel(),
      latency: { minMs: 0, maxMs: 0 },
      failureRate: 0.5,
      random: () => (state.failing ? 0 : 0.999),
    },
  });
  // Past the routes: only what they left unanswered reaches it.
  app.use((ctx) => {
    if (ctx.path === '/limited') {
      ctx.status = 429;
      ctx.body = { error: 'slow down' };
    }
  });
  const server = await serve(app);
  return Object.assign(state, { server, gs });
}

/** The original design's curl scenario: 150 good predictions, 10 `{}` (422), then 5 unknown paths (404). */
async function curlScenario(url: string): Promise<void> {
  const good = Array.from({ length: 150 }, (_, i) =>
    postJson(`${url}/predict`, { text: TEXTS[i % 3] }),
  );
  const invalid = Array.from({ length: 10 }, () => postJson(`${url}/predict`, {}));
  const unknown = Array.from({ length: 5 }, (_, i) => fetch(`${url}/nowhere/${i}`));
  const answers = await Promise.all([...good, ...invalid, ...unknown]);
  expect(answers.map((r) => r.status).sort()).to.deep.equal([
    ...Array<number>(150).fill(200),
    ...Array<number>(5).fill(404),
    ...Array<number>(10).fill(422),
  ]);
  for (const res of answers) await res.arrayBuffer();
}

async function availability(app: SloApp): Promise<ObjectiveReport | undefined> {
  const slo = await getJson<SloReport>(`${app.server.url}/dashboard/slo`);
  return slo.objectives.find((o) => o.name === 'availability');
}

describe('the availability objective over the demo (real SDK, real HTTP)', () => {
  let app: SloApp | undefined;

  afterEach(async () => {
    await app?.server.close();
    await app?.gs.shutdown();
    app = undefined;
  });

  it("stays within budget and quiet through the curl scenario's 422s and 404s, and spends it on 5xx", async () => {
    app = await startSloApp({});
    await curlScenario(app.server.url);
    const calm = await availability(app);
    expect(calm).to.include({
      total: 165,
      bad: 0,
      rule: '5xx count as failures, 4xx do not',
      description: '99.9% of requests succeed (5xx count as failures, 4xx do not)',
    });
    expect(calm?.error_budget.remaining_fraction).to.equal(1);
    expect(calm?.burn_rates.map((p) => p.alerting)).to.deep.equal([false, false]);

    app.failing = true;
    const failed = await Promise.all(
      Array.from({ length: 5 }, () => postJson(`${app?.server.url}/predict`, { text: 'hi' })),
    );
    expect(failed.map((r) => r.status)).to.deep.equal([500, 500, 500, 500, 500]);
    for (const res of failed) await res.arrayBuffer();
    const spent = await availability(app);
    // 5 of 170 failed, against 0.17 allowed: 5/170 / 0.001 = 29.41 in every window.
    expect(spent).to.include({ total: 170, bad: 5 });
    expect(spent?.error_budget.remaining_fraction).to.be.lessThan(0);
    expect(spent?.burn_rates.map((p) => p.alerting)).to.deep.equal([true, true]);
  });

  it('counts 429 only when GOLDEN_SIGNALS_SLO_BAD_STATUSES names it, and says so', async () => {
    for (const [env, bad, rule] of [
      [{}, 0, '5xx count as failures, 4xx do not'],
      [
        { GOLDEN_SIGNALS_SLO_BAD_STATUSES: '429' },
        3,
        '5xx and 429 count as failures, other 4xx do not',
      ],
    ] as const) {
      app = await startSloApp(env);
      await curlScenario(app.server.url);
      const limited = await Promise.all(
        Array.from({ length: 3 }, () => fetch(`${app?.server.url}/limited`)),
      );
      expect(limited.map((r) => r.status)).to.deep.equal([429, 429, 429]);
      for (const res of limited) await res.arrayBuffer();
      expect(await availability(app)).to.include({ total: 168, bad, rule });
      await app.server.close();
      await app.gs.shutdown();
      app = undefined;
    }
  });

  it('lists the objectives of GOLDEN_SIGNALS_SLO_ROUTES over their own requests', async () => {
    app = await startSloApp({ GOLDEN_SIGNALS_SLO_ROUTES: '/predict availability=99' });
    await curlScenario(app.server.url);
    const slo = await getJson<SloReport>(`${app.server.url}/dashboard/slo`);
    expect(slo.routes.map((r) => r.route)).to.deep.equal(['/predict']);
    expect(slo.routes[0]?.objectives[0]).to.include({
      route: '/predict',
      objective: 0.99,
      total: 160,
      bad: 0,
      description: '99% of /predict requests succeed (5xx count as failures, 4xx do not)',
    });
  });
});
