// JUnit XML export: well-formed, one suite per stage, counts that agree with the results.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { CheckResult } from '../../src/core/types'
import { toJunit } from '../../src/export/junit'
import { haveTools } from '../helpers/tools'
import { sampleResults, sampleRun } from './support/run'
import { parseXml, type XmlElement } from './support/xml'

const children = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => c.name === name)
const count = (results: CheckResult[], ...statuses: CheckResult['status'][]): string =>
  String(results.filter((r) => statuses.includes(r.status)).length)

describe('toJunit', () => {
  it('writes a well-formed document whose root is testsuites', () => {
    const xml = toJunit(sampleRun())
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true)
    expect(parseXml(xml).name).toBe('testsuites')
  })

  it('gives totals that agree with the results and the summary', () => {
    const run = sampleRun()
    const root = parseXml(toJunit(run))
    expect(root.attributes).toMatchObject({
      name: 'Handover 20261129T123702Z-5829',
      tests: String(run.results.length),
      failures: count(run.results, 'fail'),
      errors: count(run.results, 'error'),
      skipped: count(run.results, 'skipped', 'manual'),
      time: '2.345',
    })
  })

  it('writes one suite per stage that has results, in stage order, with its own counts', () => {
    const run = sampleRun()
    const suites = children(parseXml(toJunit(run)), 'testsuite')
    expect(suites.map((s) => s.attributes.name?.replace(/:.*/, ''))).toEqual([
      'Stage 2',
      'Stage 4',
      'Stage 7',
    ])
    for (const suite of suites) {
      const stage = Number(/^Stage (\d)/.exec(suite.attributes.name ?? '')?.[1])
      const mine = run.results.filter((r) => r.stage === stage)
      expect(suite.attributes).toMatchObject({
        tests: String(mine.length),
        failures: count(mine, 'fail'),
        errors: count(mine, 'error'),
        skipped: count(mine, 'skipped', 'manual'),
        timestamp: run.startedAt.slice(0, 19),
      })
      expect(children(suite, 'testcase')).toHaveLength(mine.length)
    }
  })

  it('writes one test case per result, named by check and subject, with the right child for its status', () => {
    const run = sampleRun()
    const cases = children(parseXml(toJunit(run)), 'testsuite').flatMap((s) => children(s, 'testcase'))
    const byKey = new Map(cases.map((c) => [`${c.attributes.classname}|${c.attributes.name}`, c]))
    for (const r of run.results) {
      const c = byKey.get(r.fingerprint)
      expect(c, r.fingerprint).toBeDefined()
      const kinds = c!.children.map((x) => x.name)
      const expected = {
        pass: [],
        fail: ['failure'],
        error: ['error'],
        skipped: ['skipped'],
        manual: ['skipped'],
        warn: ['system-out'],
      }[r.status]
      expect(kinds, `${r.fingerprint} (${r.status})`).toEqual(expected)
    }
  })

  it('types a failure by severity and an error by its code', () => {
    const cases = children(parseXml(toJunit(sampleRun())), 'testsuite').flatMap((s) =>
      children(s, 'testcase'),
    )
    const find = (classname: string, name: string): XmlElement | undefined =>
      cases.find((c) => c.attributes.classname === classname && c.attributes.name === name)
    expect(find('tls.cert-valid', 'docs.acme.test:443')?.children[0]?.attributes).toMatchObject({
      type: 'critical',
      message: 'Certificate does not cover the host name',
    })
    expect(find('tls.protocols', 'api.acme.test:443')?.children[0]?.attributes.type).toBe('TIMEOUT_CONNECT')
    expect(find('handover.rollback', 'engagement')?.children[0]?.attributes.message).toBe(
      'manual: Rollback is documented: waiting for an answer',
    )
  })

  it('escapes markup in text and drops control characters XML cannot carry', () => {
    const login = sampleResults().find((r) => r.outcome === 'login-over-http')!
    const failure = children(parseXml(toJunit(sampleRun([login]))), 'testsuite')[0]?.children[0]?.children[0]
    expect(failure?.text).toBe(`${login.summary.replace('\u0001', '')}\nRemediation: ${login.remediation}`)
    expect(failure?.text).toContain('?next=<home>&a="1"')
  })

  it('writes an empty testsuites element for a run without results', () => {
    const root = parseXml(toJunit(sampleRun([])))
    expect(root.attributes).toMatchObject({ tests: '0', failures: '0', errors: '0', skipped: '0' })
    expect(root.children).toEqual([])
  })

  it.runIf(haveTools('JUnit XML (xmllint)', 'xmllint'))('is accepted by xmllint as well-formed', () => {
    expect(() =>
      execFileSync('xmllint', ['--noout', '-'], {
        input: toJunit(sampleRun()),
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    ).not.toThrow()
  })
})

describe('parseXml (the test reader itself)', () => {
  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['a bare ampersand', '<a>AT&T</a>'],
    ['a raw < in an attribute', '<a x="<"/>'],
    ['a repeated attribute', '<a x="1" x="2"/>'],
    ['a control character', '<a>\u0001</a>'],
    ['two roots', '<a/><b/>'],
  ])('rejects %s', (_what, xml) => {
    expect(() => parseXml(xml)).toThrow()
  })
})
