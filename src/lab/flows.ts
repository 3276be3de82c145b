// The pages of the client area that the browser checks of stage 5 walk through (smoke.cache-switch, smoke.flows):
// a server-rendered invoice statement, a public news page (the decoy: the same for everyone), and the
// password-reset request; the invite and task pages the flows write to are in src/lab/flows-writes.ts. Flawed: the
// statement may be kept in the browser's cache (`private, max-age=600`), so the back button and the next user on
// the same browser see it; the reset request crashes. Fixed: `no-store` on the statement, `Clear-Site-Data:
// "cache"` on sign-out, and the reset request answers.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody, type LabAccounts } from './api'
import { FlowsWrites, page } from './flows-writes'
import type { LabMode, PortalObject } from './types'

const APP = 'https://app.acme.test'

/** The address the invite flow invites (the lab's test address; it receives only an invitation). */
const INVITEE = 'handover-invitee@acme.test'
/** The task the CRUD flow creates, renames and deletes. */
const TASK = 'Handover smoke task'

/** What the flawed statement page sends: the browser may keep it for ten minutes. */
export const FLAWED_STATEMENT_CACHE = 'private, max-age=600'

/** The client-area pages the browser checks use. */
export class FlowsLab {
  /** Reset requests that arrived (tests count what smoke.flows wrote). */
  readonly resetRequests: string[] = []
  /** Notes uploaded to the lab's test project (the declared safe object of the upload flow). */
  readonly notes: { account: string; name: string }[] = []
  /** The invite-user page and the task list, which the invite and CRUD flows write to (src/lab/flows-writes.ts). */
  readonly writes: FlowsWrites

  constructor(
    private readonly accounts: LabAccounts,
    private readonly objects: readonly PortalObject[],
  ) {
    this.writes = new FlowsWrites(accounts)
  }

  /** The engagement's `flows` section for the lab. */
  engagementPart(): Record<string, unknown> {
    return {
      signIn: {
        url: `${APP}/login`,
        selectors: { username: '#email', password: '#password', submit: '#signin' },
        successPrefix: `${APP}/portal/`,
      },
      signOut: { click: '#signout' },
      // The news page comes first: it is public and the same for everyone, so nothing on it is A's.
      cacheSwitch: { accounts: ['alice', 'bob'], pages: [`${APP}/portal/news`, `${APP}/portal/statement`] },
      scripts: [
        {
          name: 'dashboard',
          account: 'alice',
          steps: [
            { action: 'signIn', expect: { url: `${APP}/portal/` } },
            {
              action: 'goto',
              url: `${APP}/portal/statement`,
              expect: { text: 'Your invoices', selector: '#invoices' },
            },
          ],
        },
        {
          name: 'upload a note',
          account: 'alice',
          // The notes of the lab's test project are a declared safe test object.
          writes: [`${APP}/portal/notes`],
          steps: [
            { action: 'signIn' },
            { action: 'goto', url: `${APP}/portal/notes`, expect: { selector: '#note-file' } },
            {
              action: 'upload',
              selector: '#note-file',
              file: { name: 'handover-note.txt', type: 'text/plain', content: 'Handover smoke test note' },
            },
            { action: 'click', selector: '#upload', expect: { text: 'Received handover-note.txt' } },
          ],
        },
        {
          name: 'password reset',
          // Asking for a reset link for the test account only sends it an e-mail.
          writes: [`${APP}/forgot`],
          steps: [
            { action: 'goto', url: `${APP}/forgot` },
            { action: 'fill', selector: '#reset-email', value: 'alice@acme.test' },
            { action: 'click', selector: '#send', expect: { text: 'Check your inbox' } },
          ],
        },
        {
          name: 'invite a user',
          account: 'root',
          // Inviting the lab's test address only sends it an e-mail; the invitation is a declared safe test object.
          writes: [`${APP}/portal/invites`],
          steps: [
            { action: 'signIn' },
            { action: 'goto', url: `${APP}/portal/invites`, expect: { selector: '#invite-email' } },
            { action: 'fill', selector: '#invite-email', value: INVITEE },
            { action: 'click', selector: '#invite', expect: { text: 'Invitation sent' } },
            // The admin must see the invitation among the pending ones, after a reload too.
            { action: 'reload', expect: { text: INVITEE } },
          ],
        },
        {
          name: 'tasks',
          account: 'alice',
          // The tasks of alice's test project are a declared safe test object.
          writes: [`${APP}/portal/tasks`],
          steps: [
            { action: 'signIn' },
            { action: 'goto', url: `${APP}/portal/tasks`, expect: { selector: '#new-task' } },
            { action: 'fill', selector: '#task-title', value: TASK },
            { action: 'click', selector: '#add', expect: { text: TASK } },
            {
              action: 'click',
              selector: `#tasks li:has-text("${TASK}") a.edit`,
              expect: { selector: '#edit-title' },
            },
            { action: 'fill', selector: '#edit-title', value: `${TASK}, edited` },
            { action: 'click', selector: '#save', expect: { text: `${TASK}, edited` } },
            {
              action: 'click',
              selector: `#tasks li:has-text("${TASK}, edited") .delete`,
              expect: { text: 'Task deleted' },
            },
            // Deleted means gone: not in the list, after a reload too.
            { action: 'reload', expect: { absent: TASK } },
          ],
        },
        {
          name: 'sign out',
          account: 'bob',
          steps: [
            { action: 'signIn' },
            { action: 'goto', url: `${APP}/portal/statement`, expect: { text: 'Globex Corporation' } },
            { action: 'signOut', expect: { url: `${APP}/login` } },
            {
              action: 'goto',
              url: `${APP}/portal/statement`,
              expect: { url: `${APP}/login`, absent: 'Globex' },
            },
          ],
        },
      ],
    }
  }

  /** Routes a request of app.acme.test that belongs to these pages; false when it is not one. */
  app(mode: LabMode, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
    if (this.writes.app(mode, req, res, headers)) return true
    const path = new URL(req.url ?? '/', APP).pathname
    if (path === '/portal/statement' && req.method === 'GET') {
      const who = this.accounts.whoIsRequest(req)
      if (!who) {
        res.writeHead(302, { ...headers, location: `${APP}/login`, 'cache-control': 'no-store' })
        res.end()
        return true
      }
      const rows = this.objects
        .filter((o) => o.kind === 'invoices' && (who.role === 'admin' || o.owner === who.id))
        .map(
          (o) =>
            `<tr><td>${String(o.data.reference)}</td><td>${String(o.data.customer)}</td><td>${String(o.data.total)}</td></tr>`,
        )
        .join('')
      page(
        res,
        200,
        'Your invoices',
        `<p>Signed in as <b id="who">${who.username}</b></p><table id="invoices"><tr><th>Reference</th><th>Customer</th><th>Total</th></tr>${rows}</table>` +
          '<form method="post" action="/logout"><button id="signout" type="submit">Sign out</button></form>',
        { ...headers, 'cache-control': mode === 'fixed' ? 'no-store' : FLAWED_STATEMENT_CACHE },
      )
      return true
    }
    if (path === '/portal/news' && req.method === 'GET') {
      // Decoy, both modes: public, cacheable and the same for every visitor.
      page(
        res,
        200,
        'What is new',
        '<p>Release REL-2026-11-28: invoices can be downloaded as PDF.</p><p>Support hours: 08:00–18:00 CET.</p>',
        { ...headers, 'cache-control': 'public, max-age=600' },
      )
      return true
    }
    if (path === '/portal/notes') {
      const who = this.accounts.whoIsRequest(req)
      if (!who) {
        req.resume()
        res.writeHead(302, { ...headers, location: `${APP}/login`, 'cache-control': 'no-store' })
        res.end()
        return true
      }
      if (req.method === 'POST') {
        readBody(req).then(
          (text) => {
            const name = /filename="([^"]{1,100})"/.exec(text)?.[1] ?? '(no file)'
            this.notes.push({ account: who.id, name })
            page(res, 200, 'Notes', `<p>Received ${name.replace(/[<&>"]/g, '')}</p>`, {
              ...headers,
              'cache-control': 'no-store',
            })
          },
          () => page(res, 413, 'Too large', '', headers),
        )
        return true
      }
      page(
        res,
        200,
        'Notes',
        '<form method="post" action="/portal/notes" enctype="multipart/form-data"><input type="file" name="note" id="note-file"><button id="upload" type="submit">Upload</button></form>',
        { ...headers, 'cache-control': 'no-store' },
      )
      return true
    }
    if (path === '/forgot' && req.method === 'GET') {
      page(
        res,
        200,
        'Reset your password',
        '<form method="post" action="/forgot"><label>E-mail <input type="email" name="email" id="reset-email"></label><button id="send" type="submit">Send me a link</button></form>',
        { ...headers, 'cache-control': 'no-store' },
      )
      return true
    }
    if (path === '/forgot' && req.method === 'POST') {
      readBody(req).then(
        (text) => {
          const email = new URLSearchParams(text).get('email') ?? ''
          this.resetRequests.push(email)
          // The flawed portal's mail queue is down and the handler crashes on it.
          if (mode === 'flawed')
            return page(res, 500, 'Something went wrong', '<p>Please try again later.</p>', headers)
          page(
            res,
            200,
            'Check your inbox',
            '<p>If the address belongs to an account, a reset link is on its way.</p>',
            { ...headers, 'cache-control': 'no-store' },
          )
        },
        () => page(res, 413, 'Too large', '', headers),
      )
      return true
    }
    return false
  }
}
