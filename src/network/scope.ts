// The scope guard: the one place that decides whether a host may be contacted (DESIGN.md §8).

/** Lower-cases a host and drops a trailing dot and IPv6 brackets. */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1')
}

/** The hosts an engagement may touch: exact names or `*.domain` (any depth below domain). */
export class Scope {
  private readonly exact = new Set<string>()
  private readonly suffixes: string[] = []

  constructor(patterns: readonly string[]) {
    for (const raw of patterns) {
      const p = normalizeHost(raw)
      if (p.startsWith('*.')) this.suffixes.push(p.slice(1))
      else this.exact.add(p)
    }
  }

  /** True when `host` is listed exactly or falls under a wildcard. */
  allows(host: string): boolean {
    const h = normalizeHost(host)
    if (h.length === 0) return false
    return this.exact.has(h) || this.suffixes.some((s) => h.endsWith(s) && h.length > s.length)
  }
}
