// What a chart can draw over its series; no DOM here, so the unit tests read it too.

/** A horizontal line across a chart at a value of one of its scales (an SLO threshold). */
export interface ThresholdLine {
  readonly scale: string;
  readonly value: number;
  readonly label: string;
}

/** A vertical marker at a moment (an instance started, or its version changed). */
export interface TimeMarker {
  /** Seconds since the epoch, as the x axis. */
  readonly t: number;
  readonly label: string;
}
