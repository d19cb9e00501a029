import { checkStoreSnapshot, type StoreSnapshot } from '../../src/store/snapshot/StoreSnapshot.js';

/** `snapshot` as it comes back from a file: through JSON, then checked. */
export function snapshotViaJson(snapshot: StoreSnapshot): StoreSnapshot {
  return checkStoreSnapshot(JSON.parse(JSON.stringify(snapshot)));
}
