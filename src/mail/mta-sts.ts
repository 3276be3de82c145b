// MTA-STS (RFC 8461) policy files and TLS-RPT (RFC 8460) records, parsed apart from the check that judges them.
import { bareName } from '../network/scope'

const ONE_DAY = 86_400
/** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
const MAX_AGE_LIMIT = 31_557_600
/** A parsed MTA-STS policy file; `problems` holds what makes senders reject it. */
export interface MtaStsPolicy {
  version?: string
  mode?: string
  maxAge?: number
  mx: string[]
  problems: string[]
}

/** Parses a policy file by RFC 8461 §3.2: `key: value` lines, unknown keys ignored, first occurrence wins (not mx). */
export function parseMtaStsPolicy(text: string): MtaStsPolicy {
  const policy: MtaStsPolicy = { mx: [], problems: [] }
  const seen = new Set<string>()
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[ \t]+$/, '')
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon < 1) {
      policy.problems.push(`the line "${line.slice(0, 40)}" is not a key: value pair`)
      continue
    }
    const key = line.slice(0, colon)
    const value = line.slice(colon + 1).trim()
    if (key === 'mx') {
      if (
        !/^(\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\.?$/.test(
          value,
        )
      )
        policy.problems.push(`mx: ${value} is not a host name or *.domain pattern`)
      else policy.mx.push(bareName(value))
      continue
    }
    if (seen.has(key)) continue
    seen.add(key)
    if (key === 'version') policy.version = value
    else if (key === 'mode') policy.mode = value
    else if (key === 'max_age') {
      if (/^[0-9]{1,10}$/.test(value)) policy.maxAge = Number(value)
      else policy.problems.push(`max_age: ${value} is not a whole number of seconds`)
    }
  }
  if (policy.version !== 'STSv1')
    policy.problems.unshift(
      policy.version === undefined
        ? 'the policy has no version: STSv1 line'
        : `version: ${policy.version} is not STSv1`,
    )
  if (policy.mode === undefined) policy.problems.push('the policy has no mode line')
  else if (!['enforce', 'testing', 'none'].includes(policy.mode))
    policy.problems.push(`mode: ${policy.mode} is not enforce, testing or none`)
  else if (policy.mode === 'none') policy.problems.push('mode: none tells senders to forget the policy')
  if (policy.maxAge === undefined && !policy.problems.some((p) => p.startsWith('max_age')))
    policy.problems.push('the policy has no max_age line')
  else if (policy.maxAge !== undefined && policy.maxAge > MAX_AGE_LIMIT)
    policy.problems.push(`max_age: ${policy.maxAge} is above the limit of ${MAX_AGE_LIMIT} seconds`)
  else if (policy.maxAge !== undefined && policy.maxAge < ONE_DAY)
    policy.problems.push(
      `max_age: ${policy.maxAge} seconds is under one day, so senders forget the policy between visits`,
    )
  if (policy.mx.length === 0 && policy.mode !== 'none') policy.problems.push('the policy lists no mx pattern')
  return policy
}

/** True when `host` matches an mx pattern: exactly, or `*.domain` for one extra leftmost label (RFC 8461 §4.1). */
export function mxMatches(pattern: string, host: string): boolean {
  const h = bareName(host)
  if (!pattern.startsWith('*.')) return h === pattern
  const dot = h.indexOf('.')
  return dot > 0 && h.slice(dot + 1) === pattern.slice(2)
}

/** Whether TLS-RPT is published correctly (RFC 8460 §3) in the TXT strings at `name`, and where reports go. */
export function tlsRptState(txt: readonly string[], name: string): { rua: string[]; problem?: string } {
  const records = txt.filter((t) => /^v=TLSRPTv1[ \t]*(;|$)/.test(t))
  if (records.length === 0)
    return {
      rua: [],
      problem: `no TLS-RPT record at ${name}, so nobody hears when senders cannot deliver over TLS`,
    }
  if (records.length > 1)
    return { rua: [], problem: `${records.length} TLS-RPT records at ${name}; senders use none` }
  const rua = /(?:^|;)[ \t]*rua=([^;]*)/.exec(records[0] ?? '')?.[1]?.trim()
  if (!rua) return { rua: [], problem: `the TLS-RPT record has no rua=, so reports have nowhere to go` }
  const uris = rua.split(',').map((u) => u.trim())
  const bad = uris.find((u) => !/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/i.test(u))
  if (bad) return { rua: uris, problem: `the TLS-RPT rua ${bad} is not a mailto: or https: address` }
  return { rua: uris }
}
