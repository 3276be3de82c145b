// Loading and validating the engagement: one clear sentence on the first problem, never a stack trace.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { X509Certificate } from 'node:crypto'
import type { z } from 'zod'
import { jsonErrorOffset, linePosition, pathOffset } from '../store/json-text'
import { failure, ok, type Result } from '../core/result'
import { engagementSchema, type EngagementFile } from './schema'
import { Scope } from '../network/scope'
import { parseConnectTo } from '../network/connect-to'
import { ENGAGEMENT, type EngagementCode } from './codes'

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

/** Parses JSON text; on a syntax error, its `line L, column C` (found without recursion, however deep the file). */
export function parseJsonText(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text) as unknown)
  } catch {
    return failure('JSON', linePosition(text, jsonErrorOffset(text) ?? text.length))
  }
}

/** Where in the file a schema problem sits: the field itself, or for a missing one the object that lacks it. */
export function issuePosition(text: string, issue: z.core.$ZodIssue): string {
  const parts = issue.path.map((p) => (typeof p === 'number' ? p : String(p)))
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined)
    return linePosition(text, pathOffset(text, [...parts, issue.keys[0]], true))
  return linePosition(text, pathOffset(text, parts))
}

/** `file: field: problem (line L, column C).` for the first problem zod found. */
export function describeSchemaProblem(
  name: string,
  text: string,
  issues: readonly z.core.$ZodIssue[],
): string {
  const issue = issues[0]
  if (!issue) return `${name}: invalid.`
  return `${name}: ${describeIssue(issue)} (${issuePosition(text, issue)}).`
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
export async function parseEngagement(
  text: string,
  file: string,
): Promise<Result<Engagement, EngagementCode>> {
  const name = path.basename(file)
  const json = parseJsonText(text)
  if (!json.ok) return failure(ENGAGEMENT.JSON, `${name} is not valid JSON (${json.error.message}).`)
  const parsed = engagementSchema.safeParse(json.value)
  if (!parsed.success)
    return failure(ENGAGEMENT.INVALID, describeSchemaProblem(name, text, parsed.error.issues))
  const file_ = parsed.data
  const dir = path.dirname(path.resolve(file))
  const hosts = declaredHosts(file_)
  if (hosts.length === 0) {
    return failure(
      ENGAGEMENT.NO_HOSTS,
      `${name}: the engagement names no host to audit (set domains.apex, portal.url or api.base).`,
    )
  }
  const scope = new Scope(file_.scope.allow)
  const outside = hosts.find((h) => !scope.allows(h))
  if (outside) {
    return failure(
      ENGAGEMENT.SCOPE,
      `${name}: host ${outside} is declared but not covered by scope.allow (${file_.scope.allow.join(', ')}).`,
    )
  }
  const net = await networkSettings(file_, dir, name)
  if (!net.ok) return net
  return ok({ ...file_, hosts, net: net.value, dir })
}

/** Reads and validates `handover.json` (or another engagement file). */
export async function loadEngagement(file: string): Promise<Result<Engagement, EngagementCode>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`
    return failure(ENGAGEMENT.UNREADABLE, `${file} ${why}; run \`handover init\` to create one.`)
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
): Promise<Result<NetworkSettings, EngagementCode>> {
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
      return failure(ENGAGEMENT.INVALID, `${name}: network.resolver: port ${port} is out of range.`)
    settings.resolver = { host, port }
  }
  for (const [i, entry] of settings.connectTo.entries()) {
    const rule = parseConnectTo(entry)
    if (typeof rule === 'string')
      return failure(ENGAGEMENT.INVALID, `${name}: network.connectTo[${i}]: ${rule}.`)
  }
  if (n?.caFile) {
    const caPath = path.resolve(dir, n.caFile)
    let pem: string
    try {
      pem = await readFile(caPath, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      return failure(ENGAGEMENT.CA, `${name}: network.caFile: ${caPath} cannot be read (${code ?? 'error'}).`)
    }
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
    try {
      if (blocks.length === 0) throw new Error('no certificate')
      for (const block of blocks) new X509Certificate(block)
    } catch {
      return failure(ENGAGEMENT.CA, `${name}: network.caFile: ${caPath} holds no PEM certificate.`)
    }
    settings.caPem = blocks.join('\n')
    settings.caFile = caPath
  }
  return ok(settings)
}
