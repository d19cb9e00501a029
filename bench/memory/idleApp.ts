/**
 * The app of the idle memory row, started by bench/memory/idleRss.ts in its
 * own process, with or without the preload:
 *
 *   node [--import ./dist/instrumentation.js] dist/bench/memory/idleApp.js
 *
 * A small Express 5 service (two routes) that sends its port over IPC once
 * it listens, then answers each `measure` message with its own memory
 * figures after full garbage collections. Ours is zero-code: the app is the
 * same and only the preload differs.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import express from 'express';

/** What the app answers to `measure`, in bytes. */
export interface IdleMemory {
  readonly rss: number;
  /** Anonymous resident memory (heaps, malloc), from /proc/self/status; NaN where there is none. */
  readonly rss_anon: number;
  /** File-backed resident memory (the node binary's and libraries' pages). */
  readonly rss_file: number;
  readonly heap_total: number;
  readonly heap_used: number;
  readonly external: number;
  readonly array_buffers: number;
  /** Bytes of V8 code and its metadata (compiled functions). */
  readonly code: number;
  /** Bytes of bytecode and its metadata. */
  readonly bytecode: number;
  /** Threads of the process (the main one, libuv's pool, V8's and any loader thread). */
  readonly threads: number;
}

/** A field of /proc/self/status in bytes (its kB figure), NaN off Linux. */
function statusBytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status);
  return match === null ? Number.NaN : Number(match[1]) * 1024;
}

// The bench's own gc, the same for both variants, reached without --expose-gc on the app's command line.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** The process's memory after full collections. */
function measure(): IdleMemory {
  for (let i = 0; i < 3; i++) gc();
  const usage = process.memoryUsage();
  const code = v8.getHeapCodeStatistics();
  let status = '';
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    // Not Linux: the anon/file split and thread count are NaN.
  }
  return {
    rss: usage.rss,
    rss_anon: statusBytes(status, 'RssAnon'),
    rss_file: statusBytes(status, 'RssFile'),
    heap_total: usage.heapTotal,
    heap_used: usage.heapUsed,
    external: usage.external,
    array_buffers: usage.arrayBuffers,
    code: code.code_and_metadata_size,
    bytecode: code.bytecode_and_metadata_size,
    threads: Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN),
  };
}

const app = express();
app.use(express.json());
app.get('/items/:id', (req, res) => {
  res.json({ id: req.params.id });
});
app.post('/items', (req, res) => {
  res.status(201).json({ created: req.body as unknown });
});

const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', () => {
  process.send?.(measure());
});
process.on('disconnect', () => process.exit(0));
