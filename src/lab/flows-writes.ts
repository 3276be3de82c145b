// The client-area pages smoke.flows writes to (server-rendered forms, no script): the admin's invite-user page and
// a task list (create, edit, delete). Flawed: an invitation is sent but saved as "sent" while the page lists only
// "pending" ones, so the admin never sees it; a deleted task is only marked deleted and stays in the list. Fixed:
// the invitation is listed, and a deleted task is gone.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody, type LabAccount, type LabAccounts } from './api'
import type { LabMode } from './types'

const APP = 'https://app.acme.test'
/** Kept small: every audit runs the lab. */
const MOST_ROWS = 50
const TITLE_LIMIT = 200

/** An invitation made on the invite page. */
export interface LabInvitation {
  email: string
  role: string
  status: 'pending' | 'sent'
  by: string
}

/** A task of an account's test project; the flawed portal only marks a deleted one. */
export interface LabTask {
  id: number
  account: string
  title: string
  deleted: boolean
}

const escape = (s: string): string =>
  s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!)

/** The invite-user page and the task list. */
export class FlowsWrites {
  readonly invitations: LabInvitation[] = []
  readonly tasks: LabTask[] = []
  private nextTask = 1

  constructor(private readonly accounts: LabAccounts) {}

  /** Routes a request of app.acme.test that is one of these pages; false when it is not one. */
  app(mode: LabMode, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
    const url = new URL(req.url ?? '/', APP)
    const path = url.pathname
    if (path !== '/portal/invites' && path !== '/portal/tasks' && !path.startsWith('/portal/tasks/'))
      return false
    const own = { ...headers, 'cache-control': 'no-store' }
    const who = this.accounts.whoIsRequest(req)
    if (!who) {
      req.resume()
      res.writeHead(302, { ...own, location: `${APP}/login`, 'content-length': '0' })
      res.end()
      return true
    }
    if (path === '/portal/invites') {
      if (who.role !== 'admin') {
        req.resume()
        page(res, 403, 'Admins only', '<p>Only an administrator can invite users.</p>', own)
        return true
      }
      if (req.method === 'POST') answerForm(req, res, own, (form) => this.invite(mode, form, who))
      else page(res, 200, 'Invite a user', this.invitePage(url.searchParams.has('sent')), own)
      return true
    }
    if (req.method === 'POST') {
      answerForm(req, res, own, (form) => this.changeTask(mode, path, form, who))
      return true
    }
    const edit = /^\/portal\/tasks\/(\d+)\/edit$/.exec(path)
    if (edit) {
      const task = this.tasks.find((t) => t.id === Number(edit[1]) && t.account === who.id && !t.deleted)
      if (!task) page(res, 404, 'No such task', '<p><a href="/portal/tasks">Back to your tasks</a></p>', own)
      else
        page(
          res,
          200,
          'Edit task',
          `<form method="post" action="/portal/tasks/${task.id}"><label>Title <input name="title" id="edit-title" value="${escape(task.title)}" maxlength="${TITLE_LIMIT}"></label><button type="submit" id="save">Save</button></form>`,
          own,
        )
      return true
    }
    if (path === '/portal/tasks') {
      page(res, 200, 'Your tasks', this.taskPage(mode, who, url.searchParams.get('done')), own)
      return true
    }
    page(res, 404, 'Not found', '', own)
    return true
  }

  private invitePage(sent: boolean): string {
    // The list shows the invitations still waiting for an answer: the flawed portal saves new ones as "sent".
    const rows = this.invitations
      .filter((i) => i.status === 'pending')
      .map((i) => `<tr><td>${escape(i.email)}</td><td>${escape(i.role)}</td><td>pending</td></tr>`)
      .join('')
    return (
      (sent ? '<p id="notice">Invitation sent.</p>' : '') +
      '<form method="post" action="/portal/invites"><label>E-mail <input type="email" name="email" id="invite-email"></label>' +
      '<label>Role <select name="role" id="invite-role"><option>client</option><option>admin</option></select></label>' +
      '<button type="submit" id="invite">Invite</button></form>' +
      `<h2>Pending invitations</h2>${rows ? `<table id="invitations"><tr><th>E-mail</th><th>Role</th><th>Status</th></tr>${rows}</table>` : '<p id="invitations">No pending invitations.</p>'}`
    )
  }

  private invite(mode: LabMode, form: URLSearchParams, who: LabAccount): FormAnswer {
    const email = (form.get('email') ?? '').trim()
    if (!/^[^@\s]{1,64}@[^@\s]{1,100}$/.test(email))
      return {
        status: 422,
        title: 'Invite a user',
        body: `<p>Enter an e-mail address.</p>${this.invitePage(false)}`,
      }
    const role = form.get('role') === 'admin' ? 'admin' : 'client'
    const status = mode === 'fixed' ? 'pending' : 'sent'
    const known = this.invitations.find((i) => i.email === email)
    if (known) Object.assign(known, { role, status })
    else if (this.invitations.length < MOST_ROWS) this.invitations.push({ email, role, status, by: who.id })
    else return { status: 422, title: 'Invite a user', body: '<p>Too many pending invitations.</p>' }
    return { redirect: '/portal/invites?sent=1' }
  }

  private taskPage(mode: LabMode, who: LabAccount, done: string | null): string {
    // Newest first. The flawed list forgets to leave out the tasks marked deleted.
    const rows = this.tasks
      .filter((t) => t.account === who.id && (mode === 'flawed' || !t.deleted))
      .reverse()
      .map(
        (t) =>
          `<li>${escape(t.title)} <a class="edit" href="/portal/tasks/${t.id}/edit">Edit</a> <form method="post" action="/portal/tasks/${t.id}/delete"><button type="submit" class="delete">Delete</button></form></li>`,
      )
      .join('')
    const notice =
      done === 'created'
        ? 'Task added.'
        : done === 'saved'
          ? 'Task saved.'
          : done === 'deleted'
            ? 'Task deleted.'
            : ''
    return (
      (notice ? `<p id="notice">${notice}</p>` : '') +
      `<form method="post" action="/portal/tasks" id="new-task"><label>New task <input name="title" id="task-title" maxlength="${TITLE_LIMIT}"></label><button type="submit" id="add">Add</button></form>` +
      (rows ? `<ul id="tasks">${rows}</ul>` : '<p id="tasks">No tasks yet.</p>')
    )
  }

  private changeTask(mode: LabMode, path: string, form: URLSearchParams, who: LabAccount): FormAnswer {
    const title = (form.get('title') ?? '').trim()
    const m = /^\/portal\/tasks(?:\/(\d+)(\/delete)?)?$/.exec(path)
    const task = m?.[1]
      ? this.tasks.find((t) => t.id === Number(m[1]) && t.account === who.id && !t.deleted)
      : undefined
    if (!m || (m[1] && !task)) return { status: 404, title: 'No such task', body: '' }
    if (task && m[2]) {
      // The flawed portal marks the task deleted and says so; its list still shows it.
      if (mode === 'flawed') task.deleted = true
      else this.tasks.splice(this.tasks.indexOf(task), 1)
      return { redirect: '/portal/tasks?done=deleted' }
    }
    if (!title || title.length > TITLE_LIMIT)
      return {
        status: 422,
        title: 'Your tasks',
        body: `<p>A title of 1 to ${TITLE_LIMIT} characters, please.</p>`,
      }
    if (task) {
      task.title = title
      return { redirect: '/portal/tasks?done=saved' }
    }
    if (this.tasks.filter((t) => t.account === who.id).length >= MOST_ROWS)
      return { status: 422, title: 'Your tasks', body: '<p>Too many tasks.</p>' }
    this.tasks.push({ id: this.nextTask++, account: who.id, title, deleted: false })
    return { redirect: '/portal/tasks?done=created' }
  }
}

/** What a form posted to these pages is answered with: a page, or a redirect to another of them. */
type FormAnswer = { status: number; title: string; body: string } | { redirect: string }

/** Reads a form posted to one of these pages and sends what `handle` makes of it; a form past 4 KiB gets a 413 page. */
function answerForm(
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  handle: (form: URLSearchParams) => FormAnswer,
): void {
  readBody(req, 4096).then(
    (text) => {
      const answer = handle(new URLSearchParams(text))
      if ('redirect' in answer) redirect(res, answer.redirect, headers)
      else page(res, answer.status, answer.title, answer.body, headers)
    },
    () => page(res, 413, 'Too large', '', headers),
  )
}

function redirect(res: ServerResponse, to: string, headers: Record<string, string>): void {
  res.writeHead(303, { ...headers, location: `${APP}${to}`, 'content-length': '0' })
  res.end()
}

/** A small HTML page of the client area. */
export function page(
  res: ServerResponse,
  status: number,
  title: string,
  body: string,
  headers: Record<string, string>,
): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
  })
  res.end(html)
}
