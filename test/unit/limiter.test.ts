// The request budget and rate limit (scope.maxRequests, scope.maxRps).
import { describe, expect, it } from 'vitest'
import { NET } from '../../src/network/codes'
import { Limiter, sleep } from '../../src/network/limiter'

describe('Limiter', () => {
  it('grants maxRequests requests, then answers BUDGET_EXHAUSTED', async () => {
    const limiter = new Limiter(3, 1000)
    for (let i = 0; i < 3; i++) expect((await limiter.take()).ok).toBe(true)
    const spent = await limiter.take()
    expect(spent.ok ? undefined : spent.error.code).toBe(NET.BUDGET_EXHAUSTED)
    expect(limiter.used).toBe(3)
  })

  it('keeps refusing once the budget is spent, for active and passive traffic alike', async () => {
    const limiter = new Limiter(1, 1000)
    await limiter.take()
    for (const active of [false, true]) {
      const r = await limiter.take(active)
      expect(r.ok ? undefined : r.error.code).toBe(NET.BUDGET_EXHAUSTED)
    }
  })

  it('spaces requests at least 1/maxRps apart', async () => {
    const limiter = new Limiter(100, 20)
    const started = performance.now()
    for (let i = 0; i < 5; i++) await limiter.take()
    // Four gaps of 50 ms; timers may fire a little early or late, so the bounds are loose.
    const elapsed = performance.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(180)
    expect(elapsed).toBeLessThan(2000)
  })

  it('grants the first request at once', async () => {
    const limiter = new Limiter(10, 1)
    const started = performance.now()
    await limiter.take()
    expect(performance.now() - started).toBeLessThan(100)
  })

  it('spaces concurrent callers too', async () => {
    const limiter = new Limiter(100, 25)
    const started = performance.now()
    await Promise.all(Array.from({ length: 5 }, () => limiter.take()))
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('stops active traffic after halt, with code HALTED, and keeps passive traffic going', async () => {
    const limiter = new Limiter(10, 1000)
    limiter.halt('the portal answered 429')
    const active = await limiter.take(true)
    expect(active.ok ? undefined : active.error.code).toBe(NET.HALTED)
    expect(active.ok ? '' : active.error.message).toContain('the portal answered 429')
    expect((await limiter.take(false)).ok).toBe(true)
    expect(limiter.used).toBe(1)
  })

  it('keeps the first reason it was halted for', () => {
    const limiter = new Limiter(10, 1000)
    expect(limiter.haltedBecause).toBeUndefined()
    limiter.halt('429 Too Many Requests')
    limiter.halt('a storm of 5xx answers')
    expect(limiter.haltedBecause).toBe('429 Too Many Requests')
  })

  it('answers CANCELLED without spending budget once the signal has aborted', async () => {
    const controller = new AbortController()
    const limiter = new Limiter(10, 1000, controller.signal)
    controller.abort()
    const r = await limiter.take()
    expect(r.ok ? undefined : r.error.code).toBe(NET.CANCELLED)
    expect(limiter.used).toBe(0)
  })

  it('wakes a caller waiting for its slot as soon as the run is cancelled', async () => {
    const controller = new AbortController()
    const limiter = new Limiter(10, 0.5, controller.signal)
    await limiter.take()
    const started = performance.now()
    const waiting = limiter.take()
    setTimeout(() => controller.abort(), 20)
    const r = await waiting
    expect(r.ok ? undefined : r.error.code).toBe(NET.CANCELLED)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('sleep', () => {
  it('resolves false after the time has passed', async () => {
    expect(await sleep(5)).toBe(false)
  })

  it('resolves true at once when the signal has already aborted', async () => {
    expect(await sleep(10_000, AbortSignal.abort())).toBe(true)
  })
})
