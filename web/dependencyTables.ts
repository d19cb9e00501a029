import type {
  DependenciesAnswer,
  DependencyAnswer,
  NPlusOneAnswer,
  SlowCallAnswer,
} from './dependencyTypes.js';
import { cell, emptyRow, linkCell } from './drillDownPanel.js';
import { formatClock, formatCount, formatMs, formatPercent } from './format.js';

/** What the panel says when no call to any dependency was seen, and how to get some. */
export const NO_DEPENDENCY_TEXT =
  'Dependencies come from the CLIENT spans of the app’s outgoing calls. Calls through node:http count at once; for fetch, pg, mysql2, ioredis, redis and mongodb, install the client’s OpenTelemetry instrumentation beside it (for example npm install @opentelemetry/instrumentation-pg): the preload turns it on (GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS, on by default). In processor mode, register them in your own SDK.';

/** A button that opens the slow calls of `dependency`. */
function openButton(dependency: string): HTMLTableCellElement {
  const td = document.createElement('td');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'dependency-open';
  button.dataset.dependency = dependency;
  button.textContent = dependency;
  button.title = `The slowest calls to ${dependency}`;
  td.append(button);
  return td;
}

/** The N+1 findings of a dependency (of one endpoint, when given). */
function findingsOf(
  answer: DependenciesAnswer,
  dependency: string,
  endpoint?: string,
): NPlusOneAnswer[] {
  return answer.n_plus_one.filter(
    (f) => f.dependency === dependency && (endpoint === undefined || f.endpoint === endpoint),
  );
}

/** One line on the period's calls: how many, how many failed, to how many dependencies. */
export function dependenciesSummary(answer: DependenciesAnswer): string {
  const n = answer.dependencies.length;
  const flagged = answer.n_plus_one.length;
  const parts = [
    `${formatCount(answer.total_calls)} calls to ${formatCount(n)} ${n === 1 ? 'dependency' : 'dependencies'}`,
    `${formatCount(answer.errors)} failed`,
  ];
  if (flagged > 0)
    parts.push(`${formatCount(flagged)} N+1 ${flagged === 1 ? 'pattern' : 'patterns'}`);
  if (answer.unattributed_calls > 0) {
    parts.push(`${formatCount(answer.unattributed_calls)} outside any request`);
  }
  return parts.join(' · ');
}

/** Fills the dependency table: each opens its slowest calls. */
export function renderDependencyRows(
  tbody: HTMLTableSectionElement,
  answer: DependenciesAnswer,
): void {
  tbody.replaceChildren(
    ...answer.dependencies.map((d) => {
      const tr = document.createElement('tr');
      const flagged = findingsOf(answer, d.dependency).length;
      tr.append(
        openButton(d.dependency),
        cell(d.kind === d.system ? d.kind : `${d.kind} · ${d.system}`),
        cell(formatCount(d.calls), 'num'),
        cell(formatCount(d.errors), d.errors > 0 ? 'num bad' : 'num'),
        cell(formatPercent(d.error_rate), 'num'),
        cell(formatMs(d.latency_ms.p95), 'num'),
        cell(flagged > 0 ? `N+1 ×${formatCount(flagged)}` : '', flagged > 0 ? 'bad' : undefined),
      );
      return tr;
    }),
  );
}

/** Fills the per-endpoint table: calls per request, share of the endpoint's time, N+1 flags. */
export function renderEndpointShares(
  tbody: HTMLTableSectionElement,
  answer: DependenciesAnswer,
): void {
  const rows: HTMLTableRowElement[] = [];
  for (const e of answer.endpoints) {
    for (const d of e.dependencies) {
      const tr = document.createElement('tr');
      const findings = findingsOf(answer, d.dependency, e.endpoint);
      const flag = cell(
        findings
          .map((f) => `N+1: ${f.statement} up to ×${formatCount(f.max_calls_per_request)}`)
          .join('; '),
        findings.length > 0 ? 'bad statement' : undefined,
      );
      tr.append(
        cell(e.endpoint),
        cell(d.dependency),
        cell(d.calls_per_request.toFixed(d.calls_per_request < 10 ? 1 : 0), 'num'),
        cell(formatPercent(d.time_share), 'num'),
        flag,
        findings[0] === undefined ? cell('') : linkCell(findings[0].trace_id),
      );
      rows.push(tr);
    }
  }
  tbody.replaceChildren(
    ...(rows.length > 0 ? rows : [emptyRow(6, 'No call made inside a request.')]),
  );
}

/** Fills a dependency's operations table, busiest first. */
export function renderOperations(
  tbody: HTMLTableSectionElement,
  dependency: DependencyAnswer,
): void {
  tbody.replaceChildren(
    ...dependency.operations.map((o) => {
      const tr = document.createElement('tr');
      tr.append(
        cell(o.operation),
        cell(formatCount(o.calls), 'num'),
        cell(formatCount(o.errors), o.errors > 0 ? 'num bad' : 'num'),
        cell(formatMs(o.latency_ms.p95), 'num'),
      );
      return tr;
    }),
  );
}

/** What became of a call: its status, its error type, or ok. */
function outcome(c: SlowCallAnswer): string {
  const status = c.status_code === null ? '' : String(c.status_code);
  if (!c.error) return status === '' ? 'ok' : status;
  return [status, c.error_type ?? 'error'].filter((s) => s !== '').join(' · ');
}

/** Fills the slowest calls table, slowest first. */
export function renderSlowCalls(
  tbody: HTMLTableSectionElement,
  calls: readonly SlowCallAnswer[],
  nowMs: number,
): void {
  if (calls.length === 0) {
    tbody.replaceChildren(emptyRow(6, 'No calls held in the period.'));
    return;
  }
  tbody.replaceChildren(
    ...calls.map((c) => {
      const tr = document.createElement('tr');
      tr.append(
        cell(formatClock(Date.parse(c.timestamp), nowMs)),
        cell(formatMs(c.duration_ms), 'num'),
        cell(c.operation),
        cell(c.statement ?? '–', 'statement'),
        cell(outcome(c), c.error ? 'bad' : undefined),
        linkCell(c.trace_id, c.trace_held !== false),
      );
      return tr;
    }),
  );
}
