import { syncBuiltinESMExports } from 'node:module';
import perfHooks from 'node:perf_hooks';

/** An error as libuv gives it when the process is out of descriptors. */
function emfile(): NodeJS.ErrnoException {
  return Object.assign(new Error('EMFILE: too many open files, uv_resident_set_memory'), {
    code: 'EMFILE',
    errno: -24,
    syscall: 'uv_resident_set_memory',
  });
}

/** Makes `process.memoryUsage()` (and its `rss()`) throw EMFILE; returns the restore. */
export function breakMemoryUsage(): () => void {
  const original = process.memoryUsage;
  process.memoryUsage = Object.assign(
    (): NodeJS.MemoryUsage => {
      throw emfile();
    },
    {
      rss: (): number => {
        throw emfile();
      },
    },
  );
  return () => {
    process.memoryUsage = original;
  };
}

/** Replaces `perf_hooks.monitorEventLoopDelay`, ESM named bindings too; returns the restore. */
export function replaceMonitorEventLoopDelay(
  replacement: typeof perfHooks.monitorEventLoopDelay | undefined,
): () => void {
  const original = perfHooks.monitorEventLoopDelay;
  (perfHooks as { monitorEventLoopDelay: unknown }).monitorEventLoopDelay = replacement;
  syncBuiltinESMExports();
  return () => {
    perfHooks.monitorEventLoopDelay = original;
    syncBuiltinESMExports();
  };
}

/** Runs `body` with `process.memoryUsage` throwing EMFILE; restores it after. */
export function withMemoryUsageThrowing<T>(body: () => T): T {
  const restore = breakMemoryUsage();
  try {
    return body();
  } finally {
    restore();
  }
}

/** Runs `body` with `perf_hooks.monitorEventLoopDelay` replaced; restores it after. */
export function withMonitorEventLoopDelay<T>(
  replacement: typeof perfHooks.monitorEventLoopDelay | undefined,
  body: () => T,
): T {
  const restore = replaceMonitorEventLoopDelay(replacement);
  try {
    return body();
  } finally {
    restore();
  }
}
