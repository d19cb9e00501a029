/** Where a call is held: its source, dependency and operation as the store's limits named them (a `CallRow` is one). */
export interface SlowCallRow {
  readonly service: string;
  readonly instance: string;
  readonly dependency: string;
  readonly operation: string;
}
