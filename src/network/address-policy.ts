// The address policy (DESIGN.md §6): where an in-scope name may lead. A hostile or careless DNS answer must not
// turn the consultant's laptop against the cloud metadata service or the client's internal network.
import net from 'node:net'

/** Why an address is not contacted. */
export type AddressVerdict = { ok: true } | { ok: false; reason: 'link-local' | 'internal'; message: string }

const NEVER = new net.BlockList()
NEVER.addSubnet('169.254.0.0', 16, 'ipv4')
NEVER.addSubnet('fe80::', 10, 'ipv6')
NEVER.addAddress('fd00:ec2::254', 'ipv6')

const INTERNAL = new net.BlockList()
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  INTERNAL.addSubnet(prefix, bits, 'ipv4')
INTERNAL.addAddress('::', 'ipv6')
INTERNAL.addAddress('::1', 'ipv6')
INTERNAL.addSubnet('fc00::', 7, 'ipv6')

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as the IPv4 address it carries. */
function plain(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  if (mapped) return { address: mapped[1]!, family: 'ipv4' }
  return { address, family: net.isIPv6(address) ? 'ipv6' : 'ipv4' }
}

/** Parses `a.b.c.d/n` or `x::/n`; a sentence naming the problem when it is not a CIDR range. */
export function parseCidr(text: string): { prefix: string; bits: number; family: 'ipv4' | 'ipv6' } | string {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim())
  const family = m ? net.isIP(m[1]!) : 0
  if (!m || family === 0) return `"${text}" is not an address range such as 127.0.0.0/8 or fd00::/8`
  const bits = Number(m[2])
  if (bits > (family === 4 ? 32 : 128)) return `"${text}" has a prefix longer than the address`
  return { prefix: m[1]!, bits, family: family === 4 ? 'ipv4' : 'ipv6' }
}

/** Link-local and metadata addresses are never contacted; loopback and private ones only when allowed. */
export class AddressPolicy {
  private readonly allowed = new net.BlockList()

  /** @param allow `network.allowAddresses`: CIDR ranges the engagement lets names resolve into. */
  constructor(allow: readonly string[]) {
    for (const entry of allow) {
      const range = parseCidr(entry)
      if (typeof range !== 'string') this.allowed.addSubnet(range.prefix, range.bits, range.family)
    }
  }

  /** Whether a name that resolved to `address` may be contacted there. */
  judge(address: string): AddressVerdict {
    const { address: a, family } = plain(address)
    if (NEVER.check(a, family))
      return {
        ok: false,
        reason: 'link-local',
        message: `${address} is a link-local or cloud-metadata address, which is never contacted`,
      }
    if (INTERNAL.check(a, family) && !this.allowed.check(a, family))
      return {
        ok: false,
        reason: 'internal',
        message: `${address} is a loopback or private address; name it in a connectTo rule or network.allowAddresses to contact it`,
      }
    return { ok: true }
  }
}
