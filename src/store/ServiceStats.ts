/** One live service's bookkeeping, as the overview shows it. */
export interface ServiceStats {
  readonly service: string;
  /** Live instances, the overflow one included. */
  readonly instances: number;
  /** Live series, held to the store's series limit (which applies per service). */
  readonly series: number;
  /** Requests recorded under its overflow endpoint because of the series limit. */
  readonly overflowedRequests: number;
  /** Requests recorded under its overflow instance because of the instance limit. */
  readonly overflowedInstanceRequests: number;
}
