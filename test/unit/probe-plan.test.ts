// Issue 7 item 29: probe keys cover the params, and a capped transcript says so.
import { describe, expect, it } from 'vitest'
import type { CheckDefinition } from '../../src/checks/check'
import type { Engagement } from '../../src/engagement/load'
import { planProbes } from '../../src/engine/runner'
import { Recorder, TRANSCRIPT_CAP } from '../../src/network/network'
import { Redactor } from '../../src/network/redact'
import { snapshotOf } from '../../src/probes/dns'
import { request } from '../../src/probes/probe'

const engagement = { scope: { active: [] } } as unknown as Engagement
const needing = (id: string, ...reqs: ReturnType<typeof request>[]): CheckDefinition => ({
  id,
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: [],
  needs: () => reqs,
  evaluate: () => [],
})

describe('probe planning', () => {
  it('Bug: probe keys ignored params, so two differing requests for one subject collapsed in planProbes', () => {
    const plan = planProbes(
      [
        needing('a', snapshotOf('acme.test', ['www.acme.test'], [])),
        needing('b', snapshotOf('acme.test', ['api.acme.test'], ['s1'])),
      ],
      engagement,
    )
    expect(plan).toHaveLength(2)
    expect(new Set(plan.map((p) => p.key)).size).toBe(2)
    expect(plan.every((p) => p.key.startsWith('dns.snapshot:acme.test#'))).toBe(true)
  })

  it('still shares one probe between requests with equal params, whatever their key order', () => {
    const plan = planProbes(
      [
        needing('a', request('tls.handshake', 'x.test:443', { host: 'x.test', port: 443 })),
        needing('b', request('tls.handshake', 'x.test:443', { port: 443, host: 'x.test' })),
      ],
      engagement,
    )
    expect(plan).toHaveLength(1)
  })
})

describe('the transcript of one observation', () => {
  it('Bug: transcripts were capped at 200 entries without a marker', () => {
    const rec = new Recorder(new Redactor())
    for (let i = 0; i < 250; i++) rec.add('dns', `n${i}.test`, `A n${i}.test`)
    expect(rec.entries).toHaveLength(TRANSCRIPT_CAP)
    expect(rec.entries.at(-2)?.target).toBe(`n${TRANSCRIPT_CAP - 2}.test`)
    expect(rec.entries.at(-1)).toMatchObject({ kind: 'note', code: 'TRANSCRIPT_TRUNCATED' })
    expect(rec.entries.at(-1)?.detail).toMatch(/^51 more entries not kept/)
    expect(rec.truncated).toBe(51)
  })
})
