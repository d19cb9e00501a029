import { fetchJson } from './api.js';
import {
  dependenciesSummary,
  NO_DEPENDENCY_TEXT,
  renderDependencyRows,
  renderEndpointShares,
  renderOperations,
  renderSlowCalls,
} from './dependencyTables.js';
import type { DependenciesAnswer, DependencyAnswer, SlowCallsAnswer } from './dependencyTypes.js';
import { formatCount, formatMs } from './format.js';
import { type Period, periodInWords } from './period.js';
import { type SourceChoice, sourceParams } from './sourceChoice.js';

/** How many slowest calls the drawer lists (the rank kept exact). */
export const SLOW_CALLS_SHOWN = 20;

/** The panel's elements, and its drawer's. */
export interface DependenciesElements {
  readonly summary: HTMLElement;
  /** Shown instead of the tables while no call was seen: says how to get some. */
  readonly empty: HTMLElement;
  readonly tables: HTMLElement;
  readonly dependencies: HTMLTableSectionElement;
  readonly endpoints: HTMLTableSectionElement;
  readonly drawer: HTMLDialogElement;
  readonly drawerTitle: HTMLElement;
  readonly drawerClose: HTMLButtonElement;
  readonly drawerSummary: HTMLElement;
  readonly operations: HTMLTableSectionElement;
  readonly slowCalls: HTMLTableSectionElement;
}

/** One line on a dependency: calls, failures, latency. */
function dependencyLine(d: DependencyAnswer | undefined): string {
  if (d === undefined) return 'No calls in the period.';
  const { p50, p95, p99 } = d.latency_ms;
  return `${formatCount(d.calls)} calls · ${formatCount(d.errors)} failed · p50 ${formatMs(p50)} · p95 ${formatMs(p95)} · p99 ${formatMs(p99)}`;
}

/**
 * The Dependencies panel (`/dependencies`): each dependency with its kind,
 * calls, errors and p95, and per endpoint the calls per request and share of
 * its time, N+1 patterns flagged. A dependency opens a drawer of its
 * operations and slowest calls (`/dependencies/slowest`), as a route opens
 * its slowest requests: a modal dialog that takes the focus, closes on
 * Escape and gives the focus back. With no call seen, it says so and how to
 * turn the client instrumentations on.
 */
export class DependenciesPanel {
  /** The dependency the drawer shows, or undefined when closed. */
  dependency: string | undefined;
  private latest: DependenciesAnswer | undefined;
  private opener: HTMLElement | undefined;
  private generation = 0;
  private last: { base: string; period: Period; source: SourceChoice } | undefined;

  constructor(private readonly els: DependenciesElements) {
    els.dependencies.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button.dependency-open');
      const dependency = button?.dataset.dependency;
      if (dependency === undefined || button === null) return;
      this.open(dependency, button);
    });
    els.drawerClose.addEventListener('click', () => this.close());
    els.drawer.addEventListener('close', () => this.closed());
  }

  /** Fetches and draws the period's dependencies, and the open drawer's calls. */
  async refresh(base: string, period: Period, source: SourceChoice): Promise<void> {
    this.last = { base, period, source };
    const answer = await fetchJson<DependenciesAnswer>(
      `${base}/dependencies?${query(period, source)}`,
    );
    this.latest = answer;
    const none = answer.dependencies.length === 0;
    this.els.empty.hidden = !none;
    this.els.tables.hidden = none;
    if (none) {
      this.els.summary.textContent = `No outgoing calls in the ${periodInWords(period)}.`;
      this.els.empty.textContent = NO_DEPENDENCY_TEXT;
    } else {
      this.els.summary.textContent = dependenciesSummary(answer);
      renderDependencyRows(this.els.dependencies, answer);
      renderEndpointShares(this.els.endpoints, answer);
    }
    // A failure of the drawer shows in the drawer, not as the panel's.
    await this.refreshDrawer().catch((err: unknown) => this.drawerProblem(err));
  }

  /** Says on the panel that its refresh failed. */
  showProblem(message: string): void {
    this.els.summary.textContent = message;
  }

  /** Opens (or switches) the drawer on `dependency`; `opener` gets the focus back when it closes. */
  open(dependency: string, opener?: HTMLElement): void {
    this.dependency = dependency;
    this.els.drawerTitle.textContent = dependency;
    this.els.drawerSummary.textContent = 'Loading…';
    if (!this.els.drawer.open) {
      this.opener = opener;
      this.els.drawer.showModal();
    }
    this.els.drawerClose.focus();
    void this.refreshDrawer().catch((err: unknown) => this.drawerProblem(err));
  }

  /** Closes the drawer. */
  close(): void {
    if (this.els.drawer.open) this.els.drawer.close();
    else this.closed();
  }

  private drawerProblem(err: unknown): void {
    if (this.dependency === undefined) return;
    this.els.drawerSummary.textContent = err instanceof Error ? err.message : String(err);
  }

  private closed(): void {
    this.dependency = undefined;
    delete this.els.drawer.dataset.dependency;
    const opener = this.opener;
    this.opener = undefined;
    // The row may have been redrawn since: its button for the same dependency takes the focus.
    const dependency = opener?.dataset.dependency;
    const target =
      opener?.isConnected === true
        ? opener
        : dependency === undefined
          ? undefined
          : document.querySelector<HTMLElement>(
              `button.dependency-open[data-dependency="${CSS.escape(dependency)}"]`,
            );
    target?.focus();
  }

  /** Draws the open dependency's operations and slowest calls; a no-op when closed. */
  private async refreshDrawer(): Promise<void> {
    const dependency = this.dependency;
    const last = this.last;
    if (dependency === undefined || last === undefined) return;
    const generation = ++this.generation;
    const answer = await fetchJson<SlowCallsAnswer>(
      `${last.base}/dependencies/slowest?${query(last.period, last.source)}&dependency=${encodeURIComponent(dependency)}&limit=${SLOW_CALLS_SHOWN}`,
    );
    if (generation !== this.generation || dependency !== this.dependency) return;
    const figures = this.latest?.dependencies.find((d) => d.dependency === dependency);
    this.els.drawerSummary.textContent = dependencyLine(figures);
    if (figures === undefined) this.els.operations.replaceChildren();
    else renderOperations(this.els.operations, figures);
    renderSlowCalls(this.els.slowCalls, answer.calls, Date.now());
    this.els.drawer.dataset.dependency = dependency;
  }
}

/** `period=…` and the source filter. */
function query(period: Period, source: SourceChoice): string {
  const filter = sourceParams(source);
  return `period=${encodeURIComponent(period)}${filter === '' ? '' : `&${filter}`}`;
}
