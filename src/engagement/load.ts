// Loading and validating the engagement: one clear sentence on the first problem, never a stack trace.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { X509Certificate } from 'node:crypto'
import type { z } from 'zod'
import { failure, ok, type Result } from '../core/result'
import { engagementSchema, type EngagementFile } from './schema'
import { Scope } from '../network/scope'
import { parseConnectTo } from '../network/connect-to'

/** Timeouts and limits the network layer applies, resolved from the file's defaults. */
export interface NetworkSettings {
  resolver?: { host: string; port: number }
  connectTo: string[]
  caPem?: string
  caFile?: string
  connectMs: number
  readMs: number
  totalMs: number
  maxResponseBytes: number
  maxRedirects: number
  concurrency: number
  /** CIDR ranges a name may resolve into besides public addresses (DESIGN.md §6 "Address policy"). */
  allowAddresses?: string[]
}

/** A validated engagement plus what is derived from it. */
export interface Engagement extends EngagementFile {
  /** Every host the engagement declares, in a stable order. */
  hosts: string[]
  net: NetworkSettings
  /** Absolute path of the workspace folder. */
  dir: string
}

/** Where a JSON parse error sits, as `line L, column C` (Node 20 often omits the position, so find it). */
export function jsonErrorPosition(text: string, err: unknown): string {
  const match = /position (\d+)/.exec(err instanceof Error ? err.message : '')
  const offset = match ? Number(match[1]) : firstJsonError(text)
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return `line ${line}, column ${column}`
}

/** Offset of the first character that makes `text` invalid JSON (a small RFC 8259 scanner). */
export function firstJsonError(text: string): number {
  let i = 0
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const literal = (word: string): boolean => {
    if (text.startsWith(word, i)) {
      i += word.length
      return true
    }
    return false
  }
  const string = (): boolean => {
    if (text[i] !== '"') return false
    i++
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) return false
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return false
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) return false
      }
      i++
    }
    if (text[i] !== '"') return false
    i++
    return true
  }
  const value = (): boolean => {
    ws()
    const ch = text[i]
    if (ch === '{') {
      i++
      ws()
      if (text[i] === '}') return (i++, true)
      for (;;) {
        ws()
        if (!string()) return false
        ws()
        if (text[i] !== ':') return false
        i++
        if (!value()) return false
        ws()
        if (text[i] === ',') i++
        else if (text[i] === '}') return (i++, true)
        else return false
      }
    }
    if (ch === '[') {
      i++
      ws()
      if (text[i] === ']') return (i++, true)
      for (;;) {
        if (!value()) return false
        ws()
        if (text[i] === ',') i++
        else if (text[i] === ']') return (i++, true)
        else return false
      }
    }
    if (ch === '"') return string()
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (number) {
      i += number[0].length
      return true
    }
    return literal('true') || literal('false') || literal('null')
  }
  if (value()) {
    ws()
    if (i >= text.length) return text.length
  }
  return Math.min(i, text.length)
}

/** Formats a zod issue as `field: problem`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? formatPath(issue.path) : '(top level)'
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${field} is required`
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length > 0 ? `${formatPath(issue.path)}.` : ''
    return `${where}${issue.keys[0]} is not a known field`
  }
  const message = issue.message.replace(/^Invalid input: /, '')
  return `${field}: ${message}`
}

function formatPath(parts: readonly PropertyKey[]): string {
  return parts
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('')
}

/** Parses and validates engagement JSON text; `file` names it in every message. */
export async function parseEngagement(text: string, file: string): Promise<Result<Engagement>> {
  const name = path.basename(file)
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return failure('ENGAGEMENT_JSON', `${name} is not valid JSON (${jsonErrorPosition(text, err)}).`)
  }
  const parsed = engagementSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return failure('ENGAGEMENT_INVALID', `${name}: ${issue ? describeIssue(issue) : 'invalid'}.`)
  }
  const file_ = parsed.data
  const dir = path.dirname(path.resolve(file))
  const hosts = declaredHosts(file_)
  if (hosts.length === 0) {
    return failure(
      'ENGAGEMENT_NO_HOSTS',
      `${name}: the engagement names no host to audit (set domains.apex, portal.url or api.base).`,
    )
  }
  const scope = new Scope(file_.scope.allow)
  const outside = hosts.find((h) => !scope.allows(h))
  if (outside) {
    return failure(
      'ENGAGEMENT_SCOPE',
      `${name}: host ${outside} is declared but not covered by scope.allow (${file_.scope.allow.join(', ')}).`,
    )
  }
  const net = await networkSettings(file_, dir, name)
  if (!net.ok) return net
  return ok({ ...file_, hosts, net: net.value, dir })
}

/** Reads and validates `handover.json` (or another engagement file). */
export async function loadEngagement(file: string): Promise<Result<Engagement>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`
    return failure('ENGAGEMENT_UNREADABLE', `${file} ${why}; run \`handover init\` to create one.`)
  }
  return parseEngagement(text, file)
}

/** Apex, www, subdomains, then hosts of the portal, API and monitoring URLs. */
export function declaredHosts(e: EngagementFile): string[] {
  const hosts: string[] = []
  const apex = e.domains?.apex
  if (apex) {
    hosts.push(apex)
    if (e.domains?.www) hosts.push(`www.${apex}`)
    for (const sub of e.domains?.subdomains ?? []) hosts.push(`${sub}.${apex}`)
  }
  const urls = [
    e.portal?.url,
    e.portal?.login,
    e.api?.base,
    e.monitoring?.health,
    ...(e.monitoring?.coreReads ?? []),
  ]
  for (const u of urls) if (u) hosts.push(new URL(u).hostname)
  return [...new Set(hosts)]
}

async function networkSettings(
  e: EngagementFile,
  dir: string,
  name: string,
): Promise<Result<NetworkSettings>> {
  const n = e.network
  const settings: NetworkSettings = {
    connectTo: n?.connectTo ?? [],
    connectMs: n?.timeouts?.connectMs ?? 5000,
    readMs: n?.timeouts?.readMs ?? 10_000,
    totalMs: n?.timeouts?.totalMs ?? 20_000,
    maxResponseBytes: n?.maxResponseBytes ?? 2_000_000,
    maxRedirects: n?.maxRedirects ?? 5,
    concurrency: n?.concurrency ?? 8,
    allowAddresses: n?.allowAddresses ?? [],
  }
  if (n?.resolver) {
    const idx = n.resolver.lastIndexOf(':')
    const host = n.resolver.slice(0, idx).replace(/^\[|\]$/g, '')
    const port = Number(n.resolver.slice(idx + 1))
    if (port < 1 || port > 65535)
      return failure('ENGAGEMENT_INVALID', `${name}: network.resolver: port ${port} is out of range.`)
    settings.resolver = { host, port }
  }
  for (const [i, entry] of settings.connectTo.entries()) {
    const rule = parseConnectTo(entry)
    if (typeof rule === 'string')
      return failure('ENGAGEMENT_INVALID', `${name}: network.connectTo[${i}]: ${rule}.`)
  }
  if (n?.caFile) {
    const caPath = path.resolve(dir, n.caFile)
    let pem: string
    try {
      pem = await readFile(caPath, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      return failure(
        'ENGAGEMENT_CA',
        `${name}: network.caFile: ${caPath} cannot be read (${code ?? 'error'}).`,
      )
    }
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
    try {
      if (blocks.length === 0) throw new Error('no certificate')
      for (const block of blocks) new X509Certificate(block)
    } catch {
      return failure('ENGAGEMENT_CA', `${name}: network.caFile: ${caPath} holds no PEM certificate.`)
    }
    settings.caPem = blocks.join('\n')
    settings.caFile = caPath
  }
  return ok(settings)
}
