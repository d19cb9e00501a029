/** The per-process answers' shapes (no DOM here: the server's type check reads them). */

/** The server's answer for what only single requests can tell. */
export interface PerProcessAnswer {
  readonly per_process: true;
  readonly reason: string;
  readonly where: string;
  readonly exemplar_trace_ids: readonly string[];
}

/** Where the figures come from, as the overview says when it is not the in-memory store. */
export interface BackendAnswer {
  readonly kind: 'prometheus';
  readonly engine: string;
}
