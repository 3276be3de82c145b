// The sign-in form a login page serves in its HTML (auth.kind "form"), read without a browser: its action, method
// and fields, so a sign-in can be posted the way the page would post it (hidden fields such as a CSRF token
// included). A page that builds its form with script has none here.
import { Parser } from 'htmlparser2'

/** One field of a form: an `<input>` or a named submit `<button>`. */
export interface FormField {
  tag: 'input' | 'button'
  name?: string
  id?: string
  type: string
  value: string
  checked: boolean
}

/** A form of the page, its action resolved against the page's URL. */
export interface HtmlForm {
  action: string
  method: 'GET' | 'POST'
  fields: FormField[]
}

/** Every form of an HTML page. */
export function formsIn(html: string, pageUrl: string): HtmlForm[] {
  const forms: HtmlForm[] = []
  let open: HtmlForm | undefined
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'form') {
          let action = pageUrl
          try {
            action = new URL(attrs.action || pageUrl, pageUrl).toString()
          } catch {
            // An action that is no URL posts to the page itself, as a browser does.
          }
          open = { action, method: attrs.method?.toUpperCase() === 'POST' ? 'POST' : 'GET', fields: [] }
          forms.push(open)
        } else if (open && (name === 'input' || name === 'button'))
          open.fields.push({
            tag: name,
            ...(attrs.name ? { name: attrs.name } : {}),
            ...(attrs.id ? { id: attrs.id } : {}),
            type: (attrs.type ?? (name === 'button' ? 'submit' : 'text')).toLowerCase(),
            value: attrs.value ?? '',
            checked: 'checked' in attrs,
          })
      },
      onclosetag(name) {
        if (name === 'form') open = undefined
      },
    },
    { decodeEntities: true },
  )
  parser.write(html)
  parser.end()
  return forms
}

/**
 * Whether a field is the one a simple CSS selector names: `#id`, `[name=x]`, `input[name="x"]`, `input#id`, or a
 * bare name. Anything more complex matches nothing (the caller then falls back to the field's type).
 */
function selects(selector: string | undefined, field: FormField): boolean {
  if (!selector) return false
  const s = selector.trim()
  const id = /^(?:input|button)?#([\w-]+)$/.exec(s)?.[1]
  if (id) return field.id === id
  const name = /^(?:input|button)?\[name=["']?([^"'\]]+)["']?\]$/.exec(s)?.[1]
  if (name) return field.name === name
  return /^[\w-]+$/.test(s) && field.name === s && !['input', 'button'].includes(s)
}

const TEXTUAL = new Set(['text', 'email', 'tel', ''])

/** The sign-in form of a page: the form with the password field (by selector, else the first password input). */
export function loginFormIn(
  forms: readonly HtmlForm[],
  selectors?: { username: string; password: string; submit: string },
):
  | { form: HtmlForm; username: FormField & { name: string }; password: FormField & { name: string } }
  | undefined {
  for (const form of forms) {
    const named = form.fields.filter((f): f is FormField & { name: string } => f.name !== undefined)
    const password =
      named.find((f) => selects(selectors?.password, f)) ?? named.find((f) => f.type === 'password')
    if (!password) continue
    const username =
      named.find((f) => selects(selectors?.username, f)) ??
      named.find((f) => f.tag === 'input' && TEXTUAL.has(f.type) && f !== password)
    if (username) return { form, username, password }
  }
  return undefined
}

/** The body a browser would send for the form, with `values` in the named fields (and the chosen submit button). */
export function formBody(form: HtmlForm, values: Record<string, string>, submit?: string): URLSearchParams {
  const body = new URLSearchParams()
  for (const f of form.fields) {
    if (f.name === undefined) continue
    if (f.type === 'submit' || f.type === 'image' || f.type === 'button' || f.type === 'reset') {
      if (f.type === 'submit' && selects(submit, f)) body.append(f.name, f.value)
      continue
    }
    if ((f.type === 'checkbox' || f.type === 'radio') && !f.checked) continue
    if (f.type === 'file') continue
    body.append(f.name, values[f.name] ?? f.value)
  }
  return body
}

/** A lowercase path or a URL: not a token (a base64 token has capitals, `+` or `=`). */
const PLAIN = /^\/[a-z0-9\-_./]*$|^https?:\/\//

/**
 * The token-like values of a form's hidden fields (a CSRF token and the like: a run never shows them). Short values,
 * paths and URLs (`next=/dashboard/`) are left out, so teaching these to the redactor blanks nothing else of the run.
 */
export function hiddenValues(form: HtmlForm): string[] {
  return form.fields
    .filter((f) => f.type === 'hidden' && /^\S{12,}$/.test(f.value) && !PLAIN.test(f.value))
    .map((f) => f.value)
}

/** An HTML answer with the values of its hidden fields and token-like meta tags blanked, for evidence. */
export function withoutHiddenValues(html: string): string {
  return html
    .replace(/<input\b[^>]*>/gi, (tag) =>
      /\btype\s*=\s*["']?hidden/i.test(tag)
        ? tag.replace(/\bvalue\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i, 'value="[hidden]"')
        : tag,
    )
    .replace(/<meta\b[^>]*>/gi, (tag) =>
      /\bname\s*=\s*["']?[^"'\s>]*(csrf|xsrf|token)/i.test(tag)
        ? tag.replace(/\bcontent\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i, 'content="[hidden]"')
        : tag,
    )
}
