/** Midnight UTC, 2024-01-01: a minute (and day) boundary, so offsets read plainly. */
export const T0 = Date.UTC(2024, 0, 1);
/** One minute in milliseconds. */
export const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 3_600_000;
/** One day in milliseconds. */
export const DAY = 86_400_000;

/** A hand-driven clock to inject as `now`, so tests cover a day in milliseconds. */
export class FakeClock {
  constructor(
    /** Current time, epoch milliseconds. */
    public ms: number = T0,
  ) {}

  /** The clock function to inject; bound, so it can be passed around. */
  readonly now = (): number => this.ms;

  /** Moves the clock forward by `ms` and returns the new time. */
  advance(ms: number): number {
    this.ms += ms;
    return this.ms;
  }

  /** Sets the clock to `ms` and returns it. */
  set(ms: number): number {
    this.ms = ms;
    return this.ms;
  }
}
