// Expected failures are values with a code; exceptions are bugs (STYLE.md).

/** A coded, one-sentence problem that the user can act on. */
export interface Problem {
  code: string
  message: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Problem }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const failure = <T = never>(code: string, message: string): Result<T> => ({
  ok: false,
  error: { code, message },
})
