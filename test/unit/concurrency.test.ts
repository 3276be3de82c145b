// The one concurrency helper's growing-queue form: what the frontend crawl relies on.
import { describe, expect, it } from 'vitest'
import { drainLimit, mapLimit } from '../../src/core/concurrency'

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('drainLimit', () => {
  it('works items pushed while it runs, each once, started in arrival order, never more than width at once', async () => {
    const queue = [1, 2, 3]
    const started: number[] = []
    let inFlight = 0
    let most = 0
    await drainLimit(queue, 2, async (n) => {
      started.push(n)
      inFlight++
      most = Math.max(most, inFlight)
      await tick(n % 3)
      // Each item below 20 names two more, so the queue grows while earlier items are still running.
      if (n < 20) queue.push(n * 2 + 10, n * 2 + 11)
      inFlight--
    })
    expect(most).toBe(2)
    expect(started).toEqual(queue)
    expect(new Set(started).size).toBe(queue.length)
    expect(queue.length).toBeGreaterThan(10)
  })

  it('keeps width items in flight after the queue ran dry for a moment and then grew again', async () => {
    // One slow item pushes a batch once the others are done: the batch must still run `width` at a time.
    const queue = ['slow', 'a', 'b']
    let inFlight = 0
    let mostInBatch = 0
    await drainLimit(queue, 3, async (item) => {
      inFlight++
      if (item.startsWith('x')) mostInBatch = Math.max(mostInBatch, inFlight)
      await tick(item === 'slow' ? 30 : 5)
      if (item === 'slow') queue.push('x1', 'x2', 'x3', 'x4', 'x5', 'x6')
      inFlight--
    })
    expect(mostInBatch).toBe(3)
  })

  it('ends at once on an empty queue', async () => {
    let calls = 0
    await drainLimit([], 4, async () => {
      calls++
    })
    expect(calls).toBe(0)
  })

  it('throws the first error after the items in flight end, and starts nothing after it', async () => {
    const started: number[] = []
    const finished: number[] = []
    const queue = [1, 2, 3, 4, 5, 6]
    await expect(
      drainLimit(queue, 2, async (n) => {
        started.push(n)
        await tick(n === 1 ? 20 : 1)
        if (n === 2) throw new Error('item 2 broke')
        finished.push(n)
      }),
    ).rejects.toThrow('item 2 broke')
    // 1 was in flight when 2 failed: it still ends; 3 may have started in 2's slot before the failure was seen.
    expect(finished).toContain(1)
    expect(started).not.toContain(5)
    expect(started).not.toContain(6)
  })
})

describe('mapLimit', () => {
  it('keeps the items order in its results with at most width running', async () => {
    let inFlight = 0
    let most = 0
    const out = await mapLimit([30, 5, 20, 1], 2, async (ms, i) => {
      inFlight++
      most = Math.max(most, inFlight)
      await tick(ms)
      inFlight--
      return i * 10
    })
    expect(out).toEqual([0, 10, 20, 30])
    expect(most).toBe(2)
  })
})
