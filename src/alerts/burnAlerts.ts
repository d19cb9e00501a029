import type { SloReport } from '../dashboard/queries/sloQuery.js';

/** The `alertname` label of every alert golden-signals sends. */
export const BURN_ALERT_NAME = 'GoldenSignalsErrorBudgetBurn';
/** The `route` label of an objective over every route of a service. */
export const ALL_ROUTES = '*';

/** One burn-rate pair of one objective of one service, as evaluated now. */
export interface BurnAlert {
  /** Identity of the alert across evaluations: its labels, joined. */
  readonly key: string;
  /** Alertmanager labels: alertname, objective, service, route, window, severity. */
  readonly labels: Readonly<Record<string, string>>;
  /** Alertmanager annotations: summary, description, burn rates, budget left, dashboard. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Whether both windows burn faster than the pair's threshold. */
  readonly firing: boolean;
}

/**
 * The alerts of one service's SLO answer: one per objective and burn-rate
 * pair, firing or not. Pure: the same report gives the same alerts.
 */
export function burnAlerts(
  report: SloReport,
  service: string,
  dashboardUrl: string | undefined,
): BurnAlert[] {
  const alerts: BurnAlert[] = [];
  // Per-route objectives (`GOLDEN_SIGNALS_SLO_ROUTES`) page with their route as a label.
  const objectives = [...report.objectives, ...report.routes.flatMap((r) => r.objectives)];
  for (const objective of objectives) {
    const route = objective.route ?? ALL_ROUTES;
    for (const pair of objective.burn_rates) {
      const window = `${pair.long.window}/${pair.short.window}`;
      const labels = {
        alertname: BURN_ALERT_NAME,
        objective: objective.name,
        service,
        route,
        window,
        severity: 'page',
      };
      const budgetPercent = Math.round(objective.error_budget.remaining_fraction * 1000) / 10;
      const annotations: Record<string, string> = {
        summary: `${service}${route === ALL_ROUTES ? '' : ` ${route}`}: ${objective.name} objective burns its error budget ${pair.long.burn_rate}x (${pair.long.window}) and ${pair.short.burn_rate}x (${pair.short.window}), threshold ${pair.threshold}x`,
        description: `${objective.description}, over ${objective.window}; ${budgetPercent}% of the error budget left.`,
        burn_rate_long: String(pair.long.burn_rate),
        burn_rate_short: String(pair.short.burn_rate),
        threshold: String(pair.threshold),
        budget_remaining: String(objective.error_budget.remaining_fraction),
      };
      if (dashboardUrl !== undefined) annotations.dashboard = dashboardUrl;
      alerts.push({
        key: `${objective.name}|${service}|${route}|${window}`,
        labels,
        annotations,
        firing: pair.alerting,
      });
    }
  }
  return alerts;
}
