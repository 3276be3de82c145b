// Loading handover.json: one sentence naming the file and the field, never a stack trace.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { declaredHosts, parseEngagement } from '../../src/engagement/load'
import { engagementSchema } from '../../src/engagement/schema'

const FILE = '/work/acme/handover.json'
const BASE = {
  schema: 'handover.engagement/1',
  name: 'Acme client portal',
  domains: { apex: 'acme.test' },
  scope: { allow: ['acme.test', '*.acme.test'] },
}

async function problem(
  value: unknown,
  text = JSON.stringify(value, null, 2),
): Promise<{ code: string; message: string }> {
  const r = await parseEngagement(text, FILE)
  if (r.ok) throw new Error('expected the engagement to be refused')
  return r.error
}

describe('parseEngagement', () => {
  it('derives the hosts, the network defaults and the workspace folder', async () => {
    const r = await parseEngagement(
      JSON.stringify({
        ...BASE,
        domains: { apex: 'Acme.Test.', subdomains: ['app', 'api'] },
        portal: { url: 'https://app.acme.test/', login: 'https://login.acme.test/' },
        monitoring: { health: 'https://api.acme.test/health' },
      }),
      FILE,
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.hosts).toEqual([
      'acme.test',
      'www.acme.test',
      'app.acme.test',
      'api.acme.test',
      'login.acme.test',
    ])
    expect(r.value.net).toEqual({
      connectTo: [],
      connectMs: 5000,
      readMs: 10_000,
      totalMs: 20_000,
      maxResponseBytes: 2_000_000,
      maxRedirects: 5,
      concurrency: 8,
      allowAddresses: [],
    })
    expect(r.value.dir).toBe(path.dirname(FILE))
    expect(r.value.scope).toMatchObject({ active: [], maxRequests: 3000, maxRps: 20 })
  })

  it('reads a resolver address, IPv6 included', async () => {
    const r = await parseEngagement(JSON.stringify({ ...BASE, network: { resolver: '[::1]:5353' } }), FILE)
    expect(r.ok && r.value.net.resolver).toEqual({ host: '::1', port: 5353 })
  })

  it('gives the line and column of a JSON syntax error', async () => {
    const e = await problem(undefined, '{\n  "schema": "handover.engagement/1",\n  "name" "Acme"\n}')
    expect(e).toEqual({
      code: 'ENGAGEMENT_JSON',
      message: 'handover.json is not valid JSON (line 3, column 10).',
    })
  })

  it('gives the position of a trailing comma', async () => {
    const e = await problem(undefined, '{"name": "Acme",}')
    expect(e.message).toBe('handover.json is not valid JSON (line 1, column 17).')
  })

  // Bug: V8 (Node 20) words "Unexpected token" errors without "position N", so jsonErrorPosition falls back to the
  // raw message: no line or column, and the file's text is quoted back across several lines.
  // Fix: in jsonErrorPosition, when the message has no position, find the offset itself (a small scanner that
  // walks the JSON grammar to the first bad character) instead of echoing err.message.
  it('gives the line and column when a value is missing before a closing brace', async () => {
    const e = await problem(undefined, '{\n  "schema": "handover.engagement/1",\n  "name": }')
    expect(e.message).toBe('handover.json is not valid JSON (line 3, column 11).')
  })

  it('names a missing required field', async () => {
    const { name: _name, ...rest } = BASE
    expect(await problem(rest)).toEqual({
      code: 'ENGAGEMENT_INVALID',
      message: 'handover.json: name is required (line 1, column 1).',
    })
  })

  it('names a field of the wrong type, with its path', async () => {
    expect((await problem({ ...BASE, scope: { ...BASE.scope, maxRequests: 'many' } })).message).toBe(
      'handover.json: scope.maxRequests: expected number, received string (line 12, column 20).',
    )
  })

  it('names a field that is not a domain name', async () => {
    expect((await problem({ ...BASE, domains: { apex: 'acme' } })).message).toBe(
      'handover.json: domains.apex: expected a domain name such as acme.test (line 5, column 13).',
    )
  })

  it('names an array element by index', async () => {
    expect(
      (await problem({ ...BASE, domains: { apex: 'acme.test', subdomains: ['app', 'b@d'] } })).message,
    ).toBe(
      'handover.json: domains.subdomains[1]: expected a subdomain label such as app or api (line 8, column 7).',
    )
  })

  it.each(['ftp://app.acme.test/', 'app.acme.test', 'https://localhost/'])(
    'names a URL that is not an http(s) URL with a domain: %s',
    async (url) => {
      expect((await problem({ ...BASE, portal: { url } })).message).toBe(
        'handover.json: portal.url: expected an absolute http(s) URL with a domain name, such as https://app.acme.test/ (line 14, column 12).',
      )
    },
  )

  it('names an unknown field, nested ones with their path', async () => {
    expect((await problem({ ...BASE, colour: 'red' })).message).toBe(
      'handover.json: colour is not a known field (line 13, column 3).',
    )
    expect((await problem({ ...BASE, domains: { apex: 'acme.test', wwww: true } })).message).toBe(
      'handover.json: domains.wwww is not a known field (line 6, column 5).',
    )
  })

  it('refuses a password written into the file instead of a keychain reference', async () => {
    const e = await problem({
      ...BASE,
      accounts: [{ id: 'alice', role: 'client', username: 'alice@acme.test', password: 'hunter2' }],
    })
    expect(e.message).toMatch(/^handover\.json: accounts\[0\]\.password: expected a keychain reference/)
    expect(e.message).not.toContain('hunter2')
  })

  it('refuses an engagement that names no host', async () => {
    const { domains: _domains, ...rest } = BASE
    expect(await problem(rest)).toEqual({
      code: 'ENGAGEMENT_NO_HOSTS',
      message:
        'handover.json: the engagement names no host to audit (set domains.apex, portal.url or api.base).',
    })
  })

  it('refuses a declared host outside scope.allow, naming the host and the patterns', async () => {
    expect(await problem({ ...BASE, api: { base: 'https://api.acme-cloud.test/' } })).toEqual({
      code: 'ENGAGEMENT_SCOPE',
      message:
        'handover.json: host api.acme-cloud.test is declared but not covered by scope.allow (acme.test, *.acme.test).',
    })
  })

  it('refuses the apex when only *.apex is allowed', async () => {
    expect((await problem({ ...BASE, scope: { allow: ['*.acme.test'] } })).message).toBe(
      'handover.json: host acme.test is declared but not covered by scope.allow (*.acme.test).',
    )
  })

  it('refuses a connectTo entry that is not HOST1:PORT1:HOST2:PORT2', async () => {
    expect(
      (await problem({ ...BASE, network: { connectTo: ['acme.test:443:127.0.0.1:8443', 'acme.test:443'] } }))
        .message,
    ).toBe(
      "handover.json: network.connectTo[1]: expected curl's HOST1:PORT1:HOST2:PORT2, such as app.acme.test:443:127.0.0.1:8443 (line 16, column 7).",
    )
  })

  it('refuses a connectTo port outside 1-65535', async () => {
    expect(
      (await problem({ ...BASE, network: { connectTo: ['acme.test:443:127.0.0.1:70000'] } })).message,
    ).toBe('handover.json: network.connectTo[0]: "acme.test:443:127.0.0.1:70000" has a port outside 1-65535.')
  })

  it('refuses a resolver port outside 1-65535', async () => {
    expect((await problem({ ...BASE, network: { resolver: '127.0.0.1:0' } })).message).toBe(
      'handover.json: network.resolver: port 0 is out of range.',
    )
  })

  it('refuses a caFile that cannot be read, naming the resolved path', async () => {
    const e = await problem({ ...BASE, network: { caFile: 'missing-ca.pem' } })
    expect(e).toEqual({
      code: 'ENGAGEMENT_CA',
      message: 'handover.json: network.caFile: /work/acme/missing-ca.pem cannot be read (ENOENT).',
    })
  })
})

describe('declaredHosts', () => {
  const file = (extra: Record<string, unknown>) => engagementSchema.parse({ ...BASE, ...extra })

  it('lists apex, www, subdomains, then the hosts of the portal, API and monitoring URLs, once each', () => {
    expect(
      declaredHosts(
        file({
          domains: { apex: 'acme.test', subdomains: ['app'] },
          portal: { url: 'https://app.acme.test/', login: 'https://id.acme.test/login' },
          api: { base: 'https://api.acme.test/v1/' },
          monitoring: { health: 'https://api.acme.test/health', coreReads: ['https://reports.acme.test/r'] },
        }),
      ),
    ).toEqual([
      'acme.test',
      'www.acme.test',
      'app.acme.test',
      'id.acme.test',
      'api.acme.test',
      'reports.acme.test',
    ])
  })

  it('leaves www out when domains.www is false', () => {
    expect(declaredHosts(file({ domains: { apex: 'acme.test', www: false } }))).toEqual(['acme.test'])
  })
})
