// Expected failures are values with a code; exceptions are bugs (STYLE.md).

/** A coded, one-sentence problem that the user can act on. */
export interface Problem {
  code: string
  message: string
}

/** An expected outcome as data: a value, or a problem with a code (exceptions are bugs). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: Problem }

/** A successful result. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
/** A failed result with a code and one sentence. */
export const failure = <T = never>(code: string, message: string): Result<T> => ({
  ok: false,
  error: { code, message },
})
