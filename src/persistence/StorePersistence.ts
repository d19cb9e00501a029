import { InternalErrors } from '../guard/InternalErrors.js';
import type { RequestStore } from '../store/RequestStore.js';
import {
  checkStoreSnapshot,
  READABLE_STORE_SNAPSHOT_VERSIONS,
  STORE_SNAPSHOT_VERSION,
  type StoreSnapshot,
} from '../store/snapshot/StoreSnapshot.js';
import { SnapshotFile } from './SnapshotFile.js';

/** Where persistence reports what it did. */
export interface PersistenceLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Keeps a {@link RequestStore} on disk (`GOLDEN_SIGNALS_SNAPSHOT_FILE`): restores
 * it once at start, writes it every `intervalMs` (an unref'd timer, so it
 * never holds the process open) and once more at shutdown. A file that
 * cannot be restored is moved aside and logged; the store then starts empty.
 * A failed write is counted (here and in the guard's `snapshot.write`)
 * and logged once by the guard, never thrown: a read-only directory
 * does not fill the app's log every interval.
 */
export class StorePersistence {
  private readonly file: SnapshotFile<StoreSnapshot>;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(
    private readonly store: RequestStore,
    path: string,
    private readonly intervalMs: number,
    private readonly log: PersistenceLog,
    private readonly guard: InternalErrors = new InternalErrors(log),
  ) {
    this.file = new SnapshotFile<StoreSnapshot>(
      path,
      STORE_SNAPSHOT_VERSION,
      Date.now,
      READABLE_STORE_SNAPSHOT_VERSIONS,
    );
  }

  /** Writes that failed so far. */
  get failedWrites(): number {
    return this.failures;
  }

  /** Restores the snapshot into the (empty) store, if there is a usable one. */
  restore(): void {
    const result = this.file.read((payload) => {
      const snapshot = checkStoreSnapshot(payload);
      // Restoring inside the check: a snapshot that cannot be loaded is moved aside too.
      const { kept, dropped } = this.store.restore(snapshot);
      this.log.info(
        `restored ${this.file.path}: ${kept} buckets kept, ${dropped} past the retention dropped`,
      );
      return snapshot;
    });
    if (result.status === 'missing') {
      this.log.info(`no snapshot at ${this.file.path} yet; starting empty`);
    } else if (result.status === 'rejected') {
      this.log.warn(
        `snapshot ${this.file.path} not usable (${result.reason}); ` +
          `${result.movedTo === undefined ? 'could not move it aside' : `moved to ${result.movedTo}`}; starting empty`,
      );
    }
  }

  /** Starts the periodic writes. */
  start(): void {
    this.timer ??= setInterval(() => this.write(), this.intervalMs);
    this.timer.unref();
  }

  /** Writes the snapshot now; false (logged) if it failed. */
  write(): boolean {
    try {
      this.file.write(this.store.toSnapshot());
      return true;
    } catch (err) {
      this.failures++;
      this.guard.record(
        'snapshot.write',
        new Error(`could not write snapshot ${this.file.path}: ${String(err)}`),
      );
      return false;
    }
  }

  /** Stops the periodic writes and writes a last snapshot. */
  stop(): boolean {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    return this.write();
  }
}
