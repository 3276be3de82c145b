// What a health endpoint's body must say to count as healthy (monitor.uptime, smoke.isolation).

const HEALTHY = /^(ok|up|pass|passing|healthy|green|available|operational)$/i

/** Why a health body does not say healthy, or undefined when it does. */
export function unhealthyBecause(body: string, expect: string | undefined): string | undefined {
  if (expect) return body.includes(expect) ? undefined : `the body does not contain ${JSON.stringify(expect)}`
  if (body.trim() === '') return 'the body is empty'
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return undefined
  }
  const status = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).status : undefined
  if (status === undefined) return undefined
  return typeof status === 'string' && HEALTHY.test(status)
    ? undefined
    : `it reports status ${JSON.stringify(status)}`
}
