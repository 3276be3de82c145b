// What arrived at the lab during an active test kept the engagement's budget and rate.
import { expect } from 'vitest'

/**
 * Asserts that requests arrived (times in ms), no more than `maxRequests` of them, and that no second of the run saw
 * more than `maxRps` (one slot of slack for the window's edges).
 */
export function expectWithinBudget(arrived: readonly number[], maxRequests: number, maxRps: number): void {
  expect(arrived.length).toBeGreaterThan(0)
  expect(arrived.length).toBeLessThanOrEqual(maxRequests)
  for (const t0 of arrived)
    expect(arrived.filter((t) => t >= t0 && t < t0 + 1000).length).toBeLessThanOrEqual(maxRps + 1)
}
