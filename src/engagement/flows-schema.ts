// The engagement's `flows` section (consent family `flows`; docs/flows.md): how a person signs in and out in the
// browser, the user switch of smoke.cache-switch, and the declarative flows of smoke.flows — each step an action
// and an expectation, run in Chromium.
import { z } from 'zod'

const webUrl = z.string().refine(
  (s) => {
    try {
      const url = new URL(s)
      return url.protocol === 'https:' || url.protocol === 'http:'
    } catch {
      return false
    }
  },
  { error: 'expected an absolute http(s) URL, such as https://app.acme.test/portal/' },
)

const accountId = z.string().regex(/^[A-Za-z0-9._-]+$/, { error: 'expected an account id from accounts' })
const selector = z.string().min(1, { error: 'expected a CSS selector such as #signin' })

/** What must hold after a step: every field given is checked, by content. */
const expectation = z
  .strictObject({
    /** The page's URL starts with this. */
    url: z.string().min(1).optional(),
    /** The page's visible text contains this. */
    text: z.string().min(1).optional(),
    /** The page's visible text does not contain this. */
    absent: z.string().min(1).optional(),
    /** An element matching this selector is visible. */
    selector: selector.optional(),
  })
  .refine((x) => Object.keys(x).length > 0, {
    error: 'name at least one of url, text, absent or selector',
  })

const file = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._ -]{1,100}$/, { error: 'expected a plain file name such as notes.txt' }),
  type: z.string().min(1).default('text/plain'),
  content: z.string().max(1_000_000),
})

const stepBase = { expect: expectation.optional() }

/** One step of a flow: an action (`action`) and what must hold after it (`expect`). */
const step = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('signIn'), ...stepBase }),
    z.strictObject({ action: z.literal('signOut'), ...stepBase }),
    z.strictObject({ action: z.literal('goto'), url: webUrl, ...stepBase }),
    z.strictObject({ action: z.literal('click'), selector, ...stepBase }),
    z.strictObject({ action: z.literal('fill'), selector, value: z.string().max(10_000), ...stepBase }),
    z.strictObject({ action: z.literal('upload'), selector, file, ...stepBase }),
    z.strictObject({ action: z.literal('back'), ...stepBase }),
    z.strictObject({ action: z.literal('reload'), ...stepBase }),
  ],
  {
    error: 'expected an action of signIn, signOut, goto, click, fill, upload, back or reload',
  },
)

/** A declarative flow of smoke.flows: a fresh browser, the steps in order, stopping at the first that fails. */
const flow = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/, {
    error: 'expected a short name of letters, digits, spaces, dots, dashes or underscores',
  }),
  /** The account a signIn step uses. */
  account: accountId.optional(),
  /**
   * URL prefixes of the declared safe test objects this flow may write to: any other POST, PUT, PATCH or DELETE of
   * the page is blocked (the sign-in and sign-out themselves are always allowed).
   */
  writes: z.array(webUrl).default([]),
  steps: z.array(step).min(1, { error: 'a flow needs at least one step' }).max(50),
})

/** The engagement's `flows` section. */
export const flowsSection = z
  .strictObject({
    /** The sign-in page driven in Chromium (by default auth.login when auth.kind is form). */
    signIn: z
      .strictObject({
        url: webUrl,
        selectors: z.strictObject({ username: selector, password: selector, submit: selector }),
        /** The URL a successful sign-in lands on starts with this. */
        successPrefix: z.string().min(1).optional(),
      })
      .optional(),
    /** How a person signs out: click `click` on the page they are on, or open `url`. */
    signOut: z
      .strictObject({ click: selector.optional(), url: webUrl.optional() })
      .refine((s) => (s.click === undefined) !== (s.url === undefined), {
        error: 'give exactly one of click (a selector) or url',
      })
      .optional(),
    /** smoke.cache-switch: account A opens `pages`, signs out, goes back, reloads; then account B signs in. */
    cacheSwitch: z
      .strictObject({
        accounts: z
          .tuple([accountId, accountId], { error: 'expected two account ids, A then B' })
          .refine(([a, b]) => a !== b, { error: 'A and B must be two different accounts' }),
        pages: z.array(webUrl).min(1, { error: 'name at least one page of account A' }).max(20),
      })
      .optional(),
    /** smoke.flows: the declarative flows. */
    scripts: z.array(flow).max(30).default([]),
  })
  .superRefine((f, ctx) => {
    const names = new Set<string>()
    f.scripts.forEach((s, i) => {
      if (names.has(s.name))
        ctx.addIssue({ code: 'custom', path: ['scripts', i, 'name'], message: `${s.name} is used twice` })
      names.add(s.name)
    })
  })
