import type { DependenciesElements } from './DependenciesPanel.js';
import type { DrillDownElements } from './drillDownPanel.js';
import type { EndpointTableElements } from './EndpointTable.js';
import type { VerdictStripElements } from './verdictStrip.js';

/**
 * The page's elements, found once by id: a missing one is a broken page,
 * said at once rather than as a later null dereference.
 */
export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el as T;
}

/** The elements main.ts reads and writes itself. */
export function pageElements() {
  return {
    main: byId<HTMLElement>('main'),
    status: byId<HTMLElement>('status'),
    pause: byId<HTMLButtonElement>('pause'),
    problem: byId<HTMLElement>('problem'),
    notices: byId<HTMLElement>('notices'),
    empty: byId<HTMLElement>('empty'),
    emptyText: byId<HTMLElement>('empty-text'),
    emptyLonger: byId<HTMLElement>('empty-longer'),
    periods: byId<HTMLElement>('periods'),
    sourcePicker: byId<HTMLElement>('source-picker'),
    source: byId<HTMLSelectElement>('source'),
    endpoints: byId<HTMLTableElement>('endpoints'),
    recent: byId<HTMLTableElement>('recent-errors'),
    compare: byId<HTMLInputElement>('compare'),
    compareNote: byId<HTMLElement>('compare-note'),
    inflight: byId<HTMLTableElement>('inflight'),
    inflightSummary: byId<HTMLElement>('inflight-summary'),
    inflightThreshold: byId<HTMLInputElement>('inflight-threshold'),
    slo: byId<HTMLTableElement>('slo'),
    apdex: byId<HTMLElement>('apdex'),
    recent5xx: byId<HTMLInputElement>('recent-5xx'),
  };
}

/** The drill-down drawer's elements. */
export function drillDownElements(): DrillDownElements {
  return {
    panel: byId<HTMLDialogElement>('drill-down'),
    title: byId('drill-down-route'),
    close: byId<HTMLButtonElement>('drill-down-close'),
    summary: byId('drill-down-summary'),
    slowest: byId<HTMLTableElement>('drill-down-slowest').tBodies[0] as HTMLTableSectionElement,
    groups: byId<HTMLTableElement>('drill-down-groups').tBodies[0] as HTMLTableSectionElement,
  };
}

/** The verdict strip's elements. */
export function verdictElements(): VerdictStripElements {
  return {
    strip: byId('verdict'),
    value: byId('verdict-value'),
    detail: byId('verdict-detail'),
    reasons: byId('verdict-reasons'),
    worstErrors: byId('worst-5xx'),
    worstLatency: byId('worst-latency'),
  };
}

/** The endpoint table's elements, around `table`. */
export function endpointTableElements(table: HTMLTableElement): EndpointTableElements {
  return {
    table,
    search: byId<HTMLInputElement>('endpoints-search'),
    impact: byId<HTMLButtonElement>('endpoints-impact'),
    showAll: byId<HTMLButtonElement>('endpoints-show-all'),
    summary: byId('endpoints-summary'),
    skip: byId<HTMLAnchorElement>('endpoints-skip'),
    end: byId('endpoints-end'),
  };
}

/** The Dependencies panel's elements, and its drawer's. */
export function dependenciesElements(): DependenciesElements {
  const body = (id: string) => byId<HTMLTableElement>(id).tBodies[0] as HTMLTableSectionElement;
  return {
    summary: byId('dependencies-summary'),
    empty: byId('dependencies-empty'),
    tables: byId('dependencies-tables'),
    dependencies: body('dependencies'),
    endpoints: body('dependency-endpoints'),
    drawer: byId<HTMLDialogElement>('dependency-drawer'),
    drawerTitle: byId('dependency-drawer-name'),
    drawerClose: byId<HTMLButtonElement>('dependency-drawer-close'),
    drawerSummary: byId('dependency-drawer-summary'),
    operations: body('dependency-operations'),
    slowCalls: body('dependency-slow-calls'),
  };
}
