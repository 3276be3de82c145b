// The transcript of one observation, and the probe's own stop signal that every network call honours.
import type { TranscriptEntry } from '../core/types'
import type { Redactor } from './redact'

/** Most entries one observation keeps; the last slot says how many more were dropped. */
export const TRANSCRIPT_CAP = 200

/** Collects the transcript of one observation; every line passes the redactor. */
export class Recorder {
  readonly entries: TranscriptEntry[] = []
  private dropped = 0

  /**
   * @param signal the probe's own signal: aborted when the probe runs past its deadline or the run is cancelled,
   * so the network layer refuses to send anything more for it (a hung probe stops spending the budget).
   */
  constructor(
    private readonly redactor: Redactor,
    readonly signal?: AbortSignal,
  ) {}

  add(kind: TranscriptEntry['kind'], target: string, detail: string, code?: string): void {
    if (this.entries.length >= TRANSCRIPT_CAP - 1) {
      this.dropped++
      const marker: TranscriptEntry = {
        at: new Date().toISOString(),
        kind: 'note',
        target: 'transcript',
        detail: `${this.dropped} more entr${this.dropped === 1 ? 'y' : 'ies'} not kept (a transcript keeps ${TRANSCRIPT_CAP})`,
        code: 'TRANSCRIPT_TRUNCATED',
      }
      this.entries[TRANSCRIPT_CAP - 1] = marker
      return
    }
    const entry: TranscriptEntry = {
      at: new Date().toISOString(),
      kind,
      target,
      detail: this.redactor.text(detail),
    }
    if (code) entry.code = code
    this.entries.push(entry)
  }

  /** How many entries were dropped past the cap. */
  get truncated(): number {
    return this.dropped
  }
}
