// A MailDns that asks one test DNS server directly. Tests only: the engine asks through Network.dns, and the raw
// client is private to src/network/ (lint).
import { askingMailDns, type RecordingMailDns } from '../../src/mail/dns-source'
import { dnsQuery, type DnsQueryOptions, type DnsServer } from '../../src/network/dns/client'

/** How serverMailDns asks: dnsQuery options plus whether to keep the lookups. */
export interface ServerMailDnsOptions extends Pick<
  DnsQueryOptions,
  'timeoutMs' | 'retries' | 'signal' | 'tcp'
> {
  /** Keep every lookup in `queries` (default true). */
  record?: boolean
}

/** A MailDns that asks `server` with dnsQuery. */
export function serverMailDns(server: DnsServer, options: ServerMailDnsOptions = {}): RecordingMailDns {
  const { record, ...queryOptions } = options
  return askingMailDns((name, type) => dnsQuery(server, name, type, queryOptions), { record })
}
