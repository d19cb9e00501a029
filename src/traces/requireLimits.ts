/**
 * Checks named limits (counts, rates): each must be a non-negative integer.
 * @throws RangeError naming the first that is not.
 */
export function requireLimits(limits: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative integer, got: ${value}`);
    }
  }
}
