import type { IncomingMessage, ServerResponse } from 'node:http';

/** Writes the Prometheus text exposition of the current metrics to a Node response. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => void;
