// The scope guard: the one place that decides whether a host may be contacted (DESIGN.md §8).
import { getPublicSuffix } from 'tldts'

/** A DNS name as DNS compares it: lower case, without the root's trailing dot (the one name normaliser). */
export function bareName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '')
}

/** Lower-cases a host and drops a trailing dot and IPv6 brackets. */
export function normalizeHost(host: string): string {
  return bareName(host.trim()).replace(/^\[(.*)\]$/, '$1')
}

/**
 * Why a scope.allow pattern must be refused, or undefined when it may stand: a wildcard over a public suffix
 * (`*.co.uk`, or a private one such as `*.github.io` where every customer is a separate site) would put every
 * site registered under it in scope. The Public Suffix List comes from tldts, private section included.
 */
export function scopePatternProblem(pattern: string): string | undefined {
  const p = normalizeHost(pattern)
  if (!p.startsWith('*.')) return undefined
  const base = p.slice(2)
  if (getPublicSuffix(base, { allowPrivateDomains: true }) !== base) return undefined
  return `"${pattern.trim()}" covers the public suffix ${base}, which would put every site registered under it in scope; name the client's own domain instead, such as *.acme.${base}`
}

/** The hosts an engagement may touch: exact names or `*.domain` (any depth below domain, never a public suffix). */
export class Scope {
  private readonly exact = new Set<string>()
  private readonly suffixes: string[] = []

  constructor(patterns: readonly string[]) {
    for (const raw of patterns) {
      const p = normalizeHost(raw)
      // Validation refuses such a pattern first; the guard drops it too, so no caller can widen scope by mistake.
      if (scopePatternProblem(p)) continue
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
