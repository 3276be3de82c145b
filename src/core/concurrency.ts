// The one concurrency helper: work over a list with at most `width` tasks in flight, on p-limit.
import pLimit from 'p-limit'

/** Runs `work` over `items` with at most `width` at a time (at least one), in the items' order; results keep it. */
export async function mapLimit<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const limit = pLimit(Math.max(1, Math.floor(width)))
  return Promise.all(items.map((item, i) => limit(() => work(item, i))))
}

/**
 * Works through `queue` while it may still grow (`work` or anything it calls can push onto it): each item once,
 * started in the order it arrived, at most `width` at a time; done when the queue is empty and nothing is in
 * flight. The first error stops further items from starting and is thrown once the ones in flight have ended.
 */
export async function drainLimit<T>(
  queue: T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const limit = pLimit(Math.max(1, Math.floor(width)))
  const running = new Set<Promise<void>>()
  let failed: { error: unknown } | undefined
  let next = 0
  for (;;) {
    while (next < queue.length && !failed) {
      const item = queue[next++]!
      const task: Promise<void> = limit(() => (failed ? undefined : work(item)))
        .then(
          () => undefined,
          (error: unknown) => {
            failed ??= { error }
          },
        )
        .finally(() => running.delete(task))
      running.add(task)
    }
    if (running.size === 0) break
    // Whatever ended may have pushed more: look at the queue again.
    await Promise.race(running)
  }
  if (failed) throw failed.error
}
