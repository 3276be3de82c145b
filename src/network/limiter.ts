// The request budget and rate limit of an engagement (scope.maxRequests, scope.maxRps).
import { failure, ok, type Result } from '../core/result'
import { NET, type NetworkCode } from './codes'

/** A probe's request budget and rate: counts requests, spaces them out and halts on the first sign of harm. */
export class Limiter {
  used = 0
  private nextSlot = 0
  private halted?: string
  private closed = false
  /** Waits for a rate slot still pending: each releases its timer when the limiter closes. */
  private readonly waits = new Set<() => void>()

  constructor(
    private readonly maxRequests: number,
    private readonly maxRps: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** Stops further active traffic, e.g. after a 429 or a storm of 5xx answers. */
  halt(reason: string): void {
    this.halted ??= reason
  }

  get haltedBecause(): string | undefined {
    return this.halted
  }

  /**
   * Ends the limiter with its run: every wait for a slot returns at once (nothing is sent) and its timer is
   * cleared, so a slow rate (maxRps 0.01 puts slots 100 s apart) never keeps the process alive after the run.
   */
  close(): void {
    this.closed = true
    for (const release of [...this.waits]) release()
  }

  /**
   * Waits for the next rate slot and spends one request of the budget. `probe` is the asking probe's own signal:
   * once it is aborted (past its deadline) nothing more is sent for it.
   */
  async take(active = false, probe?: AbortSignal): Promise<Result<void, NetworkCode>> {
    if (this.signal?.aborted) return failure(NET.CANCELLED, 'the run was cancelled')
    if (this.closed) return failure(NET.CANCELLED, 'the run is over')
    if (probe?.aborted) return failure(NET.PROBE_ABORTED, 'the probe ran past its deadline and was stopped')
    if (active && this.halted) return failure(NET.HALTED, `active tests stopped: ${this.halted}`)
    if (this.used >= this.maxRequests) {
      return failure(
        NET.BUDGET_EXHAUSTED,
        `the request budget of ${this.maxRequests} (scope.maxRequests) is spent`,
      )
    }
    this.used++
    const now = Date.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + 1000 / this.maxRps
    if (slot > now) {
      const cancelled = await this.wait(slot - now, probe)
      if (cancelled) {
        this.used-- // nothing was sent
        if (this.signal?.aborted) return failure(NET.CANCELLED, 'the run was cancelled')
        if (this.closed) return failure(NET.CANCELLED, 'the run is over')
        return failure(NET.PROBE_ABORTED, 'the probe ran past its deadline and was stopped')
      }
    }
    return ok(undefined)
  }

  /** Sleeps until the slot; true when the run, the probe or the limiter's close ended the wait first. */
  private async wait(ms: number, probe?: AbortSignal): Promise<boolean> {
    const stop = new AbortController()
    const release = (): void => stop.abort()
    this.waits.add(release)
    const signals = [stop.signal, ...(probe ? [probe] : []), ...(this.signal ? [this.signal] : [])]
    try {
      return await sleep(ms, AbortSignal.any(signals))
    } finally {
      this.waits.delete(release)
    }
  }
}

/** Resolves true when cancelled before `ms` passed. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(true)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve(false)
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      resolve(true)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
