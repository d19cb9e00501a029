import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The envelope every snapshot file has; `version` changes when the payload's shape does. */
export interface SnapshotEnvelope<T> {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: number;
  /** When it was written, epoch milliseconds. */
  readonly savedAtMs: number;
  readonly payload: T;
}

/** Marks a file as ours, so a stray JSON file is not mistaken for a snapshot. */
export const SNAPSHOT_FORMAT = 'golden-signals-snapshot';

/** What happened when a snapshot was read. */
export type SnapshotReadResult<T> =
  | { readonly status: 'missing' }
  | { readonly status: 'restored'; readonly payload: T; readonly savedAtMs: number }
  | { readonly status: 'rejected'; readonly reason: string; readonly movedTo: string | undefined };

/**
 * A versioned snapshot on disk. Writes are atomic: the JSON goes to a
 * temporary file in the same folder, which is then renamed over the target,
 * so a crash mid-write leaves the previous snapshot intact. A file that
 * cannot be used (corrupt, another format, another version, rejected by the
 * payload check) is moved aside to `<file>.rejected-<time>` and reported,
 * never thrown, so the service starts with an empty store instead.
 */
export class SnapshotFile<T> {
  constructor(
    /** Path of the snapshot file. */
    readonly path: string,
    /** The payload version this code writes (and reads). */
    readonly version: number,
    private readonly now: () => number = Date.now,
    /** Every payload version this code reads: older ones the check upgrades; by default only `version`. */
    readonly readableVersions: readonly number[] = [version],
  ) {}

  /** Writes the payload atomically. Throws on I/O errors; callers log them. */
  write(payload: T): void {
    const envelope: SnapshotEnvelope<T> = {
      format: SNAPSHOT_FORMAT,
      version: this.version,
      savedAtMs: this.now(),
      payload,
    };
    const temporary = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify(envelope), { mode: 0o600 });
    renameSync(temporary, this.path);
  }

  /**
   * Reads the snapshot. `check` validates the payload and returns it typed,
   * or throws with a reason; a failure of any kind moves the file aside.
   */
  read(check: (payload: unknown) => T): SnapshotReadResult<T> {
    if (!existsSync(this.path)) return { status: 'missing' };
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      const envelope = parsed as Partial<SnapshotEnvelope<unknown>> | null;
      if (
        typeof envelope !== 'object' ||
        envelope === null ||
        envelope.format !== SNAPSHOT_FORMAT
      ) {
        throw new Error('not a golden-signals snapshot');
      }
      if (
        typeof envelope.version !== 'number' ||
        !(envelope.version === this.version || this.readableVersions.includes(envelope.version))
      ) {
        throw new Error(
          `snapshot version ${String(envelope.version)}, this build reads ${[...new Set([...this.readableVersions, this.version])].join(', ')}`,
        );
      }
      if (typeof envelope.savedAtMs !== 'number') throw new Error('snapshot has no savedAtMs');
      return {
        status: 'restored',
        payload: check(envelope.payload),
        savedAtMs: envelope.savedAtMs,
      };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return { status: 'rejected', reason: reason.slice(0, 300), movedTo: this.moveAside() };
    }
  }

  /** Renames the file out of the way; undefined if that failed too. */
  private moveAside(): string | undefined {
    const target = `${this.path}.rejected-${this.now()}`;
    try {
      renameSync(this.path, target);
      return target;
    } catch {
      return undefined;
    }
  }
}
