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
