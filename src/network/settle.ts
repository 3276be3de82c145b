// One-shot settling for the network layer's callback code: a listener that throws ends the operation as a coded
// failure of its probe instead of an uncaught exception that would kill the whole audit.

/** A promise settled once, by a value or by the crash of a guarded listener. */
export interface Settler<T> {
  readonly promise: Promise<T>
  readonly settled: boolean
  /** Settles with `value` (later calls are ignored) after running the cleanup. */
  settle(value: T): void
  /** Wraps a listener: an exception inside it settles the promise with the crash value. */
  guard<A extends unknown[]>(listener: (...args: A) => void): (...args: A) => void
}

/** A settler whose cleanup runs exactly once, before the value is delivered. */
export function settler<T>(crashed: (err: unknown) => T, cleanup: () => void = () => undefined): Settler<T> {
  let settled = false
  let deliver!: (value: T) => void
  const promise = new Promise<T>((resolve) => (deliver = resolve))
  const settle = (value: T): void => {
    if (settled) return
    settled = true
    try {
      cleanup()
    } catch {
      // a failed cleanup (a socket already gone) must not keep the value from its caller
    }
    deliver(value)
  }
  return {
    promise,
    get settled() {
      return settled
    },
    settle,
    guard:
      <A extends unknown[]>(listener: (...args: A) => void) =>
      (...args: A): void => {
        try {
          listener(...args)
        } catch (err) {
          settle(crashed(err))
        }
      },
  }
}

/** The message of anything thrown, for a one-line coded failure. */
export function thrownMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
