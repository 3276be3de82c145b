// authz.session-cookies on the demo lab, in real Chromium: every account signs in through the portal's sign-in
// page; the flawed portal's visitor-session cookie acme_sid (no Secure, HttpOnly or SameSite) and the session token
// the flawed app keeps in localStorage are found, the fixed lab's __Host-acme_sid and cookie-only app pass, and no
// cookie or token value reaches a run file (only its masked form).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { haveTools } from '../helpers/tools'
import { labPair, resultLine } from '../helpers/lab'

const ACCOUNTS = ['alice', 'bob', 'root', 'demo']
const CHECK = 'authz.session-cookies'

describe.skipIf(!haveTools('authz.session-cookies lab', 'chromium'))(
  'authz.session-cookies on the demo lab',
  () => {
    const lab = labPair([CHECK], { timeoutMs: 240_000, sequential: true })

    it('finds the flawed visitor cookie without flags and the token each account leaves in localStorage', () => {
      const lines = lab.flawedRun.results.map(resultLine).sort()
      expect(lines).toEqual(
        [
          `${CHECK}|acme_sid (app.acme.test)|fail|high`,
          `${CHECK}|acme_session (acme.test)|pass|`,
          ...ACCOUNTS.map((a) => `${CHECK}|${a}|fail|high`),
        ].sort(),
      )
      const sid = lab.flawedRun.results.find((r) => r.subject === 'acme_sid (app.acme.test)')!
      expect(sid.outcome).toBe('missing-flags')
      expect(sid.summary).toContain('without Secure, HttpOnly, SameSite')
      expect(sid.summary).toContain('alice, bob, root, demo')
      // The evidence is the Set-Cookie line as the home page sent it, value redacted.
      expect(sid.evidence[0]?.value).toMatch(
        /^acme_sid=\[redacted[^\n]*; Path=\/\nfrom https:\/\/app\.acme\.test\//,
      )
      for (const account of ACCOUNTS) {
        const r = lab.flawedRun.results.find((x) => x.subject === account)!
        expect(r.outcome, account).toBe('token-in-storage')
        expect(r.summary).toContain(
          'localStorage "acme_token" on https://app.acme.test (this run’s session token)',
        )
        expect(r.evidence[0]?.value).toMatch(
          /signed in in the browser, on https:\/\/app\.acme\.test\/portal\//,
        )
      }
      const session = lab.flawedRun.results.find((r) => r.subject === 'acme_session (acme.test)')!
      expect(session.summary).toContain('Secure; HttpOnly; SameSite=Lax (sent to every host under acme.test)')
    })

    it('passes the repaired portal: a flagged __Host- visitor cookie and no token in Web Storage', () => {
      const lines = lab.fixedRun.results.map(resultLine).sort()
      expect(lines).toEqual(
        [
          `${CHECK}|__Host-acme_sid (app.acme.test)|pass|`,
          `${CHECK}|acme_session (acme.test)|pass|`,
          ...ACCOUNTS.map((a) => `${CHECK}|${a}|pass|`),
        ].sort(),
      )
      for (const account of ACCOUNTS)
        expect(lab.fixedRun.results.find((x) => x.subject === account)?.outcome).toBe('storage-clean')
    })

    it('keeps only the masked form of every cookie and token: no value reaches a run file', () => {
      for (const t of [lab.flawed, lab.fixed]) {
        const values = [...t.lab.accounts.issuedTokens(), ...t.lab.surface.visitorCookies]
        // Every account signed in (a token each) and opened the home page (a visitor cookie each).
        expect(t.lab.accounts.issuedTokens().length).toBeGreaterThanOrEqual(ACCOUNTS.length)
        expect(t.lab.surface.visitorCookies.length).toBeGreaterThanOrEqual(ACCOUNTS.length)
        const forms = values.flatMap((v) => [
          v,
          encodeURIComponent(v),
          Buffer.from(v).toString('base64'),
          Buffer.from(v).toString('base64url'),
        ])
        const files = readdirSync(t.dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name))
        expect(files.some((f) => f.includes(`${path.sep}runs${path.sep}`))).toBe(true)
        for (const file of files) {
          const text = readFileSync(file, 'latin1')
          for (const form of forms) expect(text.includes(form), `${form.slice(0, 4)}… in ${file}`).toBe(false)
        }
      }
      // The flawed lab's stored token is described by shape and masked form, not left out.
      const obs = Object.values(lab.flawedRun.observations).find((o) => o.kind === 'browser.session-storage')
      const stored = JSON.stringify(obs?.data)
      expect(stored).toMatch(
        /"name":"acme_token","shape":"known-secret","length":32,"masked":"[^"]{4}\*{12}[^"]{2}"/,
      )
    })
  },
)
