/**
 * The dashboard page: fetches the JSON API for the chosen period every 5 s
 * and draws the four golden signals, the endpoints and the latest errors.
 * The saturation chart draws the store's history (`/saturation`), so a
 * reload keeps it; an endpoint row opens its slowest requests and error groups.
 */
import { apiBase, fetchAnswers } from './api.js';
import type { DashboardAnswers } from './apiTypes.js';
import { changeTexts, fetchCompare } from './compareColumns.js';
import { DependenciesPanel } from './DependenciesPanel.js';
import { drawCharts } from './drawCharts.js';
import { DrillDownPanel } from './drillDownPanel.js';
import type { CompareAnswer, SaturationAnswer } from './drillDownTypes.js';
import { EndpointTable } from './EndpointTable.js';
import { type EndpointRow, endpointRows } from './endpointRows.js';
import { formatClock } from './format.js';
// Issue 27, parts 1 and 4: the verdict strip, threshold colours, the time zone.
import { colourHeadlines } from './headlineColours.js';
import {
  errorsHeadline,
  type Headline,
  latencyHeadline,
  saturationHeadline,
  trafficHeadline,
} from './headlines.js';
import { DEFAULT_INFLIGHT_THRESHOLD_MS, refreshInflight } from './inflightPanel.js';
import { instanceMarkers } from './instanceMarkers.js';
import {
  byId,
  dependenciesElements,
  drillDownElements,
  endpointTableElements,
  pageElements,
  verdictElements,
} from './pageElements.js';
import { pageNotices } from './pageNotices.js';
import { createCharts } from './panels.js';
import {
  isPeriod,
  type Period,
  periodFromSearch,
  periodInWords,
  searchWithPeriod,
} from './period.js';
import { fetchSaturation } from './saturationHistory.js';
import { refreshSlo } from './sloPanel.js';
import { showLatencyThreshold } from './sloThreshold.js';
import {
  offersChoice,
  type SourceChoice,
  searchWithSource,
  sourceFromSearch,
  sourceOptions,
  sourceParams,
} from './sourceChoice.js';
import { renderRecentErrors } from './tables.js';
import { timeZoneText } from './timeZone.js';
import { installTraceView } from './traceView.js';
import { VerdictStrip } from './verdictStrip.js';

/** How often the page refreshes, unless paused. */
const REFRESH_MS = 5_000;

const charts = createCharts(byId);
const ui = pageElements();
const drillDown = new DrillDownPanel(drillDownElements(), byId);

/**
 * Opens a route's drill-down: the one way in, from the table and from the
 * verdict strip; the focus goes back to `opener` when it closes.
 */
function openDrillDown(route: string, opener?: HTMLElement): void {
  drillDown.open(route, opener);
  void drillDown.refresh(apiBase(document), state.period, state.source).catch(showProblem);
}

const verdict = new VerdictStrip(verdictElements(), openDrillDown);

const endpointTable = new EndpointTable(endpointTableElements(ui.endpoints));

// Issue 23: what the service calls, and the slowest calls of each dependency.
const dependencies = new DependenciesPanel(dependenciesElements());

const state = {
  period: periodFromSearch(location.search),
  /** The service/instance shown; none: all. */
  source: sourceFromSearch(location.search) as SourceChoice,
  /** The period of the data on screen; undefined before the first answer. */
  shown: undefined as Period | undefined,
  paused: false,
  rows: [] as EndpointRow[],
  /** Bumped by each refresh; an answer for an older one is dropped. */
  generation: 0,
  timer: undefined as number | undefined,
  updatedAt: undefined as number | undefined,
  /** The endpoint comparison with the previous period, while the toggle is on. */
  compare: undefined as CompareAnswer | undefined,
};

function setHeadline(id: string, headline: Headline): void {
  byId(`${id}-value`).textContent = headline.value;
  byId(`${id}-detail`).textContent = headline.detail;
}

function showStatus(): void {
  const loading = state.shown !== state.period;
  ui.main.toggleAttribute('data-stale', loading);
  const updated =
    state.updatedAt === undefined ? '' : `updated ${formatClock(state.updatedAt, state.updatedAt)}`;
  if (loading) ui.status.textContent = `Loading the ${periodInWords(state.period)}…`;
  else if (state.paused) ui.status.textContent = `Paused · ${updated}`;
  else ui.status.textContent = `Every 5 s · ${updated}`;
}

function showPeriod(): void {
  for (const link of ui.periods.querySelectorAll<HTMLAnchorElement>('a[data-period]')) {
    if (link.dataset.period === state.period) link.setAttribute('aria-current', 'true');
    else link.removeAttribute('aria-current');
  }
}

function renderRows(): void {
  const empty = `No requests in the ${periodInWords(state.period)}.`;
  const compare = ui.compare.checked ? state.compare : undefined;
  for (const th of ui.endpoints.querySelectorAll<HTMLElement>('th.compare-col')) {
    th.hidden = compare === undefined;
  }
  endpointTable.show(
    state.rows,
    empty,
    compare === undefined ? undefined : (route) => changeTexts(compare.by_endpoint[route]),
  );
}

/** Offers the services and instances the overview lists, when there is a choice (or one is made). */
function showSources(answers: DashboardAnswers): void {
  const current = sourceParams(state.source);
  const instances = answers.overview.instances;
  const show = offersChoice(instances) || current !== '';
  ui.sourcePicker.hidden = !show;
  if (!show) return;
  const options = sourceOptions(instances, state.source);
  const same =
    ui.source.options.length === options.length &&
    options.every(
      (o, i) => ui.source.options[i]?.value === o.value && ui.source.options[i]?.text === o.label,
    );
  if (!same) {
    ui.source.replaceChildren(...options.map((o) => new Option(o.label, o.value)));
  }
  ui.source.value = current;
}

function render(answers: DashboardAnswers, period: Period, history: SaturationAnswer): void {
  const { overview, requests, latency, errors } = answers;
  showSources(answers);
  const nowMs = Date.now();
  setHeadline('traffic', trafficHeadline(requests, period, nowMs));
  setHeadline('errors', errorsHeadline(errors));
  setHeadline('latency', latencyHeadline(latency));
  setHeadline('saturation', saturationHeadline(overview, state.source.instance));
  const chosen = overview.instances.find((i) => i.instance === state.source.instance);
  const loopDelay =
    chosen?.saturation?.event_loop_delay_p99_ms ?? overview.saturation.event_loop_delay_p99_ms;
  colourHeadlines(byId, answers, verdict.latest?.thresholds, loopDelay);
  byId('time-zone').textContent = timeZoneText(nowMs);
  const notices = pageNotices(overview);
  ui.notices.hidden = notices.length === 0;
  ui.notices.textContent = notices.join(' · ');

  const started = instanceMarkers(overview, nowMs, state.source);
  for (const chart of [charts.traffic, charts.errors, charts.latency]) chart.setMarkers(started);
  drillDown.setMarkers(started);
  drawCharts(charts, answers, history, nowMs, byId('saturation-chart'));

  state.rows = endpointRows(requests, latency, errors);
  const thresholds = verdict.latest?.thresholds;
  if (thresholds !== undefined) {
    // The table colours by the same settings as the headlines and the verdict.
    endpointTable.useThresholds({
      warn: thresholds.server_error_rate_warn,
      bad: thresholds.server_error_rate_critical,
      minRequests: thresholds.min_requests,
    });
  }
  renderRows();
  renderRecentErrors(
    ui.recent.tBodies[0] as HTMLTableSectionElement,
    ui.recent5xx.checked ? errors.recent_server_errors : errors.recent,
    nowMs,
    `No ${ui.recent5xx.checked ? '5xx ' : ''}errors in the ${periodInWords(period)}.`,
  );

  const noTraffic = requests.total === 0;
  ui.empty.hidden = !noTraffic;
  if (noTraffic) {
    const never = overview.total_requests === 0;
    ui.emptyText.textContent = never
      ? 'No traffic yet'
      : `No requests in the ${periodInWords(period)}`;
    ui.emptyLonger.hidden = never;
  }
}

function showProblem(error: unknown): void {
  if (error === undefined) {
    ui.problem.hidden = true;
    ui.problem.textContent = '';
    return;
  }
  const at = formatClock(Date.now(), Date.now());
  const since =
    state.updatedAt === undefined
      ? 'No data yet.'
      : `Showing the data of ${formatClock(state.updatedAt, Date.now())}.`;
  const why = error instanceof Error ? error.message : String(error);
  ui.problem.textContent = `Refresh failed at ${at}: ${why}. ${since} Retrying every 5 s.`;
  ui.problem.hidden = false;
}

/** The in-flight threshold the page asks for: the input's, else the default. */
function inflightThreshold(): number {
  const ms = Number(ui.inflightThreshold.value);
  return Number.isInteger(ms) && ms >= 0 && ms <= 86_400_000 ? ms : DEFAULT_INFLIGHT_THRESHOLD_MS;
}

/** The drill-down panels, beside the main refresh: a failure shows in the panel, not as the page's problem. */
async function refreshDrillDown(period: Period, generation: number): Promise<void> {
  const base = apiBase(document);
  const source = sourceParams(state.source);
  const panel = (run: () => Promise<void>, show: (message: string) => void) =>
    run().catch((err: unknown) => {
      if (generation === state.generation) show(err instanceof Error ? err.message : String(err));
    });
  await Promise.all([
    verdict.refresh(base, source),
    panel(
      () =>
        refreshInflight(
          base,
          inflightThreshold(),
          ui.inflightSummary,
          ui.inflight.tBodies[0] as HTMLTableSectionElement,
        ),
      (m) => {
        ui.inflightSummary.textContent = m;
      },
    ),
    panel(
      async () => {
        const slo = await refreshSlo(
          base,
          period,
          source,
          ui.slo.tBodies[0] as HTMLTableSectionElement,
          ui.apdex,
        );
        showLatencyThreshold(charts.latency, slo);
      },
      (m) => {
        ui.apdex.textContent = m;
      },
    ),
    panel(
      () => dependencies.refresh(base, period, state.source),
      (m) => dependencies.showProblem(m),
    ),
    panel(
      async () => {
        if (!ui.compare.checked) {
          state.compare = undefined;
          ui.compareNote.hidden = true;
          return;
        }
        const compare = await fetchCompare(base, period, source);
        if (generation !== state.generation) return;
        state.compare = compare;
        ui.compareNote.hidden = compare.previous.complete;
        ui.compareNote.textContent = compare.previous.complete
          ? ''
          : 'The previous period is only partly kept (retention, or the service started since): its figures are partial.';
        renderRows();
      },
      (m) => {
        ui.compareNote.hidden = false;
        ui.compareNote.textContent = m;
      },
    ),
  ]);
}

function schedule(): void {
  window.clearTimeout(state.timer);
  state.timer = state.paused ? undefined : window.setTimeout(() => void refresh(), REFRESH_MS);
}

/** Fetches and draws the chosen period; answers of an outdated refresh are dropped. */
async function refresh(): Promise<void> {
  window.clearTimeout(state.timer);
  const generation = ++state.generation;
  const period = state.period;
  ui.main.setAttribute('aria-busy', 'true');
  showStatus();
  const drillDownAnswers = refreshDrillDown(period, generation);
  try {
    const base = apiBase(document);
    const [answers, history] = await Promise.all([
      fetchAnswers(period, base, state.source),
      fetchSaturation(base, period, state.source),
    ]);
    await drillDownAnswers;
    if (generation !== state.generation) return;
    render(answers, period, history);
    await drillDown.refresh(base, period, state.source);
    state.shown = period;
    state.updatedAt = Date.now();
    showProblem(undefined);
  } catch (err) {
    if (generation !== state.generation) return;
    showProblem(err);
  } finally {
    if (generation === state.generation) {
      ui.main.setAttribute('aria-busy', 'false');
      showStatus();
      schedule();
    }
  }
}

function choosePeriod(period: Period, push: boolean): void {
  state.period = period;
  if (push) history.pushState(null, '', searchWithPeriod(location.search, period));
  showPeriod();
  void refresh();
}

ui.periods.addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-period]');
  const period = link?.dataset.period;
  // Let the browser open a new tab or window as asked.
  if (!isPeriod(period) || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
    return;
  }
  event.preventDefault();
  if (period !== state.period) choosePeriod(period, true);
});

window.addEventListener('popstate', () => {
  state.source = sourceFromSearch(location.search);
  choosePeriod(periodFromSearch(location.search), false);
});

ui.source.addEventListener('change', () => {
  state.source = sourceFromSearch(ui.source.value);
  history.pushState(null, '', searchWithSource(location.search, state.source));
  void refresh();
});

ui.pause.addEventListener('click', () => {
  state.paused = !state.paused;
  ui.pause.textContent = state.paused ? 'Resume' : 'Pause';
  if (state.paused) {
    window.clearTimeout(state.timer);
    state.timer = undefined;
    showStatus();
  } else {
    void refresh();
  }
});

ui.endpoints.tBodies[0]?.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('button.drill-down-open');
  const route = button?.dataset.route;
  if (route === undefined) return;
  openDrillDown(route, button ?? undefined);
});

ui.compare.addEventListener('change', () => {
  if (!ui.compare.checked) {
    state.compare = undefined;
    renderRows();
  }
  void refresh();
});

ui.inflightThreshold.addEventListener('change', () => void refresh());
ui.recent5xx.addEventListener('change', () => void refresh());

installTraceView(byId<HTMLDialogElement>('trace-view'), apiBase(document));

window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  for (const chart of Object.values(charts)) chart.rebuild();
  drillDown.rebuild();
});

// The URL always names the period, so a copied link shows the same window.
history.replaceState(null, '', searchWithPeriod(location.search, state.period));
showPeriod();
void refresh();
