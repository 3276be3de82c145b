// Evidence from one HTTP exchange: the request and the response as a redacted pair of lines.
import type { Evidence } from '../../core/types'
import type { HttpExchange } from '../../network/http'

/** Header lines of a record, the named ones only, in the order asked; a missing one reads `(none)`. */
function lines(headers: Record<string, string>, names: readonly string[], showMissing: boolean): string[] {
  return names.flatMap((n) => {
    const v = headers[n]
    if (v !== undefined) return [`${n}: ${v}`]
    return showMissing ? [`${n}: (none)`] : []
  })
}

/**
 * The request and the response of an exchange (both already redacted by the network layer): the request line with
 * the request headers named, and the status with the response headers named (missing ones shown as `(none)`).
 */
export function exchangePair(
  exchange: HttpExchange,
  observation: string,
  responseHeaders: readonly string[],
  requestHeaders: readonly string[] = [],
  note?: string,
): Evidence[] {
  const request = [
    `${exchange.method} ${exchange.url}`,
    ...lines(exchange.requestHeaders, requestHeaders, false),
  ]
  const response = [`HTTP ${exchange.status}`, ...lines(exchange.headers, responseHeaders, true)]
  if (note) response.push(note)
  return [
    { label: 'request', value: request.join('\n'), observation },
    { label: 'response', value: response.join('\n'), observation },
  ]
}
