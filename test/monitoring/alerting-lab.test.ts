// Issue 12: the test alert arrives at the lab's webhook receiver and SMTP sink (this test reads what arrived), the
// flawed lab's disabled webhook is reported as refusing it, nothing is sent without the `alerts` consent, and the
// webhook URL (a secret) is in no file of the workspace.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'

async function alerting(t: TestLab): Promise<Run> {
  const ws = await Workspace.open(t.lab.workspace)
  if (!ws.ok) throw new Error(ws.error.message)
  const run = await runAudit({
    workspace: ws.value,
    selection: { checks: ['monitor.alerting'] },
    credentials: new MemoryCredentials(t.lab.credentials()),
  })
  const stored = await ws.value.loadRun(run.id)
  if (!stored.ok) throw new Error(stored.error.message)
  return stored.value
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}

const WEBHOOK = 'monitor.alerting|webhook keychain:acme-alert-webhook'
const EMAIL = 'monitor.alerting|email oncall@acme.test'

describe('monitor.alerting on the demo lab', () => {
  let t: TestLab
  beforeAll(async () => {
    t = await startTestLab('fixed')
  })
  afterAll(() => t.stop())

  it('delivers a marked test alert to the webhook receiver and, over STARTTLS with AUTH, to the SMTP sink', async () => {
    t.lab.setMode('fixed')
    const hooks = t.lab.monitoring.webhooks.length
    const mails = t.lab.monitoring.mails.length
    const run = await alerting(t)
    const byFp = (fp: string) => run.results.find((r) => r.fingerprint === fp)
    expect(byFp(WEBHOOK)).toMatchObject({ outcome: 'delivered', status: 'pass' })
    expect(byFp(EMAIL)).toMatchObject({ outcome: 'delivered', status: 'pass' })

    const hook = t.lab.monitoring.webhooks.slice(hooks)
    expect(hook).toHaveLength(1)
    expect(hook[0]!.contentType).toBe('application/json')
    const text = (JSON.parse(hook[0]!.body) as { text: string }).text
    expect(text).toMatch(/^\[TEST\] Handover alert test [0-9a-f]{8}: .*No action is needed/)

    const mail = t.lab.monitoring.mails.slice(mails)
    expect(mail).toHaveLength(1)
    expect(mail[0]).toMatchObject({
      from: 'alerts@acme.test',
      to: ['oncall@acme.test'],
      secure: true,
      user: 'alerts',
    })
    expect(mail[0]!.raw).toMatch(/^Subject: \[TEST\] Handover alert test [0-9a-f]{8} \(no action needed\)/m)
    // Each channel's marker is the one its result names, so a person can match what arrived to the report.
    const marker = (s: string) => /\[TEST\] Handover alert test [0-9a-f]{8}/.exec(s)?.[0]
    expect(
      byFp(WEBHOOK)!
        .evidence.map((e) => e.label)
        .join(' '),
    ).toContain(marker(text)!)
    expect(
      byFp(EMAIL)!
        .evidence.map((e) => e.label)
        .join(' '),
    ).toContain(marker(mail[0]!.raw)!)
    // The SMTP dialogue is in the transcript, through the redactor: no password, no AUTH payload.
    const transcript = JSON.stringify(run)
    expect(transcript).toContain('STARTTLS')
    expect(transcript).not.toContain(t.lab.credentials()['acme-smtp']!)
  })

  it('reports the flawed lab’s disabled webhook as refusing the alert, with its answer', async () => {
    t.lab.setMode('flawed')
    const run = await alerting(t)
    const hook = run.results.find((r) => r.fingerprint === WEBHOOK)
    expect(hook).toMatchObject({ outcome: 'refused', status: 'fail', severity: 'high' })
    expect(hook?.summary).toContain('404 no_service')
    expect(t.lab.monitoring.webhooks.at(-1)).toMatchObject({ accepted: false })
  })

  it('keeps the webhook URL and its secret path out of every workspace file', async () => {
    const url = t.lab.monitoring.webhookUrl
    const secretPath = new URL(url).pathname
    const token = secretPath.split('/').at(-1)!
    const files = await filesUnder(t.lab.workspace)
    expect(files.some((f) => f.includes(`${path.sep}runs${path.sep}`))).toBe(true)
    for (const f of files) {
      const text = await readFile(f, 'utf8')
      expect(text.includes(token), f).toBe(false)
      expect(text.includes(secretPath), f).toBe(false)
    }
  })

  it('sends nothing without the alerts consent and reports the check skipped with the reason', async () => {
    t.lab.setMode('fixed')
    const file = path.join(t.lab.workspace, 'handover.json')
    const original = await readFile(file, 'utf8')
    const engagement = JSON.parse(original) as { scope: { active: string[] } }
    engagement.scope.active = engagement.scope.active.filter((f) => f !== 'alerts')
    await writeFile(file, JSON.stringify(engagement, null, 2))
    try {
      const hooks = t.lab.monitoring.webhooks.length
      const mails = t.lab.monitoring.mails.length
      const run = await alerting(t)
      const results = run.results.filter((r) => r.check === 'monitor.alerting')
      expect(results).toHaveLength(1)
      expect(results[0]).toMatchObject({ outcome: 'no-consent', status: 'skipped' })
      expect(results[0]!.summary).toContain('alerts')
      expect(t.lab.monitoring.webhooks.length).toBe(hooks)
      expect(t.lab.monitoring.mails.length).toBe(mails)
    } finally {
      await writeFile(file, original)
    }
  })
})
