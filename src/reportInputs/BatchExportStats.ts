/** Where the spans handed to a batch processor went; each sampled span lands in exactly one field. */
export interface BatchExportStats {
  /** Spans the exporter confirmed. */
  readonly exported: number;
  /** Spans in batches the exporter reported as failed (refused, 5xx, 429 after retries, timeout). */
  readonly failed: number;
  /** Spans never sent: the queue was full, or they ended after shutdown. */
  readonly dropped: number;
  /** Spans queued or being sent, not yet settled. */
  readonly pending: number;
}
