// The OS's own nameserver, for engagements that name no resolver.
import { getServers } from 'node:dns'
import type { DnsServer } from './client'

/** The first nameserver of the OS configuration (node:dns reads /etc/resolv.conf at start-up). */
export function systemServer(): DnsServer {
  const first = getServers()[0] ?? '127.0.0.1'
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(first)
  return { host: m?.[1] ?? first, port: Number(m?.[2] ?? 53) }
}
