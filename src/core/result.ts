// Expected failures are values with a code; exceptions are bugs (STYLE.md).
// One result shape for every layer: the code union narrows it (DnsQueryResult, MailDnsResult are aliases of it).

/** A coded, one-sentence problem that the user can act on; `C` is the layer's code union. */
export interface Problem<C extends string = string> {
  code: C
  message: string
}

/**
 * An expected outcome as data: a value, or a problem with a code (exceptions are bugs). `C` narrows the codes a
 * layer can fail with; `E` is a problem that carries more facts (the DNS client's dropped datagrams).
 */
export type Result<T, C extends string = string, E extends Problem<C> = Problem<C>> =
  { ok: true; value: T } | { ok: false; error: E }

/** A successful result. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value })
/** A failed result with a code and one sentence. */
export const failure = <T = never, C extends string = string>(code: C, message: string): Result<T, C> => ({
  ok: false,
  error: { code, message },
})
