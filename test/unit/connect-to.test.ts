// curl's --connect-to HOST1:PORT1:HOST2:PORT2: parsing and application.
import { describe, expect, it } from 'vitest'
import { applyConnectTo, parseConnectTo, type ConnectToRule } from '../../src/network/connect-to'

function rule(entry: string): ConnectToRule {
  const parsed = parseConnectTo(entry)
  if (typeof parsed === 'string') throw new Error(parsed)
  return parsed
}

describe('parseConnectTo', () => {
  it('reads all four fields', () => {
    expect(parseConnectTo('app.acme.test:443:127.0.0.1:8443')).toEqual({
      fromHost: 'app.acme.test',
      fromPort: 443,
      toHost: '127.0.0.1',
      toPort: 8443,
    })
  })

  it('leaves empty fields undefined, as curl treats them as "any" or "unchanged"', () => {
    expect(parseConnectTo('::127.0.0.1:')).toEqual({
      fromHost: undefined,
      fromPort: undefined,
      toHost: '127.0.0.1',
      toPort: undefined,
    })
    expect(parseConnectTo(':::')).toEqual({
      fromHost: undefined,
      fromPort: undefined,
      toHost: undefined,
      toPort: undefined,
    })
  })

  it('keeps colons inside IPv6 brackets and drops the brackets', () => {
    expect(parseConnectTo('[2001:db8::1]:443:[::1]:8443')).toEqual({
      fromHost: '2001:db8::1',
      fromPort: 443,
      toHost: '::1',
      toPort: 8443,
    })
  })

  it('normalises host case and a trailing dot', () => {
    expect(rule('App.Acme.Test.:443:LOCALHOST:8443')).toMatchObject({
      fromHost: 'app.acme.test',
      toHost: 'localhost',
    })
  })

  it.each(['app.acme.test:443', 'app.acme.test:443:127.0.0.1', 'a:1:b:2:c', '', '[::1:443:x:1'])(
    'rejects %j, which does not have four fields',
    (entry) => {
      expect(parseConnectTo(entry)).toBe(`"${entry}" is not HOST1:PORT1:HOST2:PORT2`)
    },
  )

  it.each([
    'app.acme.test:0:127.0.0.1:8443',
    'app.acme.test:443:127.0.0.1:65536',
    'app.acme.test:https:127.0.0.1:8443',
    'app.acme.test:443:127.0.0.1:-1',
    'app.acme.test:44.3:x:1',
  ])('rejects %j, whose port is outside 1-65535', (entry) => {
    expect(parseConnectTo(entry)).toBe(`"${entry}" has a port outside 1-65535`)
  })

  // Bug: port() uses Number(), which reads hex, exponents and padded text, so these parse although curl
  // rejects them. The engagement schema's regex stops them in handover.json, but parseConnectTo is also used alone.
  // Fix: in connect-to.ts port(), require /^\d{1,5}$/ before converting.
  it.each([
    'app.acme.test:0x1bb:127.0.0.1:8443',
    'app.acme.test:443:127.0.0.1:8e3',
    'app.acme.test: 443:127.0.0.1:8443',
  ])('rejects %j, whose port is not written in decimal digits', (entry) => {
    expect(typeof parseConnectTo(entry)).toBe('string')
  })
})

describe('applyConnectTo', () => {
  const rules = [
    'app.acme.test:443:127.0.0.1:8443',
    'app.acme.test::10.0.0.9:',
    ':80:127.0.0.1:8080',
    'api.acme.test:443::9443',
  ].map(rule)

  it('maps a matching host and port to the rule target', () => {
    expect(applyConnectTo(rules, 'app.acme.test', 443)).toEqual({
      host: '127.0.0.1',
      port: 8443,
      rule: true,
      named: true,
    })
  })

  it('uses the first matching rule, as curl does', () => {
    expect(applyConnectTo(rules, 'app.acme.test', 80)).toEqual({
      host: '10.0.0.9',
      port: 80,
      rule: true,
      named: true,
    })
  })

  it('treats an empty HOST1 as any host and an empty PORT1 as any port', () => {
    expect(applyConnectTo(rules, 'docs.acme.test', 80)).toEqual({
      host: '127.0.0.1',
      port: 8080,
      rule: true,
      named: true,
    })
    expect(applyConnectTo(rules, 'app.acme.test', 8000)).toEqual({
      host: '10.0.0.9',
      port: 8000,
      rule: true,
      named: true,
    })
  })

  it('keeps the host when HOST2 is empty and the port when PORT2 is empty', () => {
    expect(applyConnectTo(rules, 'api.acme.test', 443)).toEqual({
      host: 'api.acme.test',
      port: 9443,
      rule: true,
      // A rule without HOST2 moves the port only: where the name resolves is still DNS's answer.
      named: false,
    })
  })

  it('matches the host whatever its case or trailing dot', () => {
    expect(applyConnectTo(rules, 'APP.acme.test.', 443)).toEqual({
      host: '127.0.0.1',
      port: 8443,
      rule: true,
      named: true,
    })
  })

  it('leaves an unmatched host and port alone, normalised, and says no rule applied', () => {
    expect(applyConnectTo(rules, 'Docs.Acme.Test', 443)).toEqual({
      host: 'docs.acme.test',
      port: 443,
      rule: false,
      named: false,
    })
    expect(applyConnectTo([], 'acme.test', 443)).toEqual({
      host: 'acme.test',
      port: 443,
      rule: false,
      named: false,
    })
  })

  it('matches an IPv6 host given with brackets', () => {
    expect(applyConnectTo([rule('[::1]:443:127.0.0.1:8443')], '[::1]', 443)).toEqual({
      host: '127.0.0.1',
      port: 8443,
      rule: true,
      named: true,
    })
  })
})
