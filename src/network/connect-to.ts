// curl's --connect-to HOST1:PORT1:HOST2:PORT2: where a logical host:port is really reached.
import { normalizeHost } from './scope'

/** One curl-style --connect-to rule: where a host:port is really reached. */
export interface ConnectToRule {
  fromHost?: string
  fromPort?: number
  toHost?: string
  toPort?: number
}

/** Splits on colons that are not inside [IPv6] brackets. */
function splitFields(entry: string): string[] {
  const fields: string[] = []
  let current = ''
  let depth = 0
  for (const ch of entry) {
    if (ch === '[') depth++
    if (ch === ']') depth--
    if (ch === ':' && depth === 0) {
      fields.push(current)
      current = ''
    } else current += ch
  }
  fields.push(current)
  return fields
}

function port(field: string | undefined): number | undefined | null {
  if (field === undefined || field === '') return undefined
  if (!/^\d{1,5}$/.test(field)) return null
  const n = Number(field)
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null
}

/** Parses one rule; returns a sentence about the problem when it is malformed. */
export function parseConnectTo(entry: string): ConnectToRule | string {
  const fields = splitFields(entry)
  if (fields.length !== 4) return `"${entry}" is not HOST1:PORT1:HOST2:PORT2`
  const [h1, p1, h2, p2] = fields
  const fromPort = port(p1)
  const toPort = port(p2)
  if (fromPort === null || toPort === null) return `"${entry}" has a port outside 1-65535`
  return {
    fromHost: h1 ? normalizeHost(h1) : undefined,
    fromPort,
    toHost: h2 ? normalizeHost(h2) : undefined,
    toPort,
  }
}

/**
 * Applies the first matching rule, as curl does. `named` is true when the rule gives the target host itself,
 * so the address it leads to was chosen by the engagement, not by a DNS answer.
 */
export function applyConnectTo(
  rules: readonly ConnectToRule[],
  host: string,
  portNumber: number,
): { host: string; port: number; rule: boolean; named: boolean } {
  const h = normalizeHost(host)
  for (const r of rules) {
    if (
      (r.fromHost === undefined || r.fromHost === h) &&
      (r.fromPort === undefined || r.fromPort === portNumber)
    ) {
      return { host: r.toHost ?? h, port: r.toPort ?? portNumber, rule: true, named: r.toHost !== undefined }
    }
  }
  return { host: h, port: portNumber, rule: false, named: false }
}
