import { hostname } from 'node:os';

/** This process's instance id when its resource names none: `host:pid`, as the resource fallback. */
export function localInstanceId(): string {
  return `${hostname()}:${process.pid}`;
}
