import type { RedactQueryMode } from '../../privacy/RedactionSettings.js';
import type { BucketTiers } from '../BucketTiers.js';
import type { DependencyStore } from '../dependencies/DependencyStore.js';
import type { SlowCalls } from '../dependencies/SlowCalls.js';
import type { ErrorRing } from '../ErrorRing.js';
import type { ErrorGroupStore } from '../errorGroups/ErrorGroupStore.js';
import type { ExemplarStore } from '../exemplars/ExemplarStore.js';
import type { SeriesRegistry } from '../SeriesRegistry.js';
import type { SourceRegistry } from '../SourceRegistry.js';
import type { SaturationHistory } from '../saturation/SaturationHistory.js';
import type { SlowestStore } from '../slowest/SlowestStore.js';

/** The parts of a {@link RequestStore} that a snapshot holds, as snapshot and restore read and fill them. */
export interface StoreParts {
  readonly bucketMs: number;
  readonly retentionMs: number;
  /** The local identity: where version 1 data goes. */
  readonly localService: string;
  readonly localInstance: string;
  /** How restored error messages are masked. */
  readonly redactQuery: RedactQueryMode;
  readonly tiers: BucketTiers;
  readonly series: SeriesRegistry;
  readonly sources: SourceRegistry;
  readonly errors: ErrorRing;
  readonly exemplars: ExemplarStore;
  readonly slowest: SlowestStore;
  readonly errorGroups: ErrorGroupStore;
  readonly saturation: SaturationHistory;
  /** Outgoing calls per dependency (issue 23). */
  readonly dependencies: DependencyStore;
  /** The slowest calls per dependency and operation (issue 23). */
  readonly slowCalls: SlowCalls;
  /** The store's clock when the parts were taken (the join's ageing reads it on restore). */
  readonly nowMs: number;
}
