// Engagement setup: open a folder, or create / edit an engagement in a form that follows handover.json field by
// field. The engine validates it exactly as the CLI does; each problem is shown at its field. Passwords go
// straight to the keychain and the file keeps only keychain:NAME.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { EngagementIssue } from '../../../main/contract'
import { useStore } from '../store'

type Draft = Record<string, unknown>
type Path = (string | number)[]

function get(draft: Draft, path: Path): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    draft,
  )
}

/** A copy of `draft` with `value` at `path` (empty values remove the key, so the file stays small). */
function put(draft: Draft, path: Path, value: unknown): Draft {
  const copy = structuredClone(draft)
  let at: Record<string | number, unknown> = copy
  for (const k of path.slice(0, -1)) {
    if (!at[k] || typeof at[k] !== 'object') at[k] = {}
    at = at[k] as Record<string | number, unknown>
  }
  const last = path[path.length - 1]!
  const empty = value === '' || value === undefined || (Array.isArray(value) && value.length === 0)
  if (empty) delete at[last]
  else at[last] = value
  return copy
}

const pathId = (p: Path): string => `f-${p.join('-')}`.replace(/[^A-Za-z0-9_-]/g, '_')

function issueAt(issues: EngagementIssue[], path: Path): string | undefined {
  return issues.find((i) => i.path.join('.') === path.join('.'))?.message
}

interface FieldProps {
  label: string
  path: Path
  draft: Draft
  issues: EngagementIssue[]
  onChange(path: Path, value: unknown): void
  hint?: string
}

/** `production=env/prod.env` lines ⇄ `{ production: 'env/prod.env' }`. */
function pairs(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((l) => l.split('='))
      .filter((p) => p.length >= 2 && p[0]!.trim())
      .map(([k, ...v]) => [k!.trim(), v.join('=').trim()]),
  )
}

function Field({
  label,
  path,
  draft,
  issues,
  onChange,
  hint,
  kind = 'text',
}: FieldProps & { kind?: 'text' | 'number' | 'list' | 'pairs' }) {
  const raw = get(draft, path)
  // Env files are a map; they are edited as environment=path lines, kept as typed until they parse.
  const [pairText, setPairText] = useState(() =>
    raw && typeof raw === 'object' && !Array.isArray(raw)
      ? Object.entries(raw as Record<string, string>)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n')
      : '',
  )
  const text =
    kind === 'pairs'
      ? pairText
      : kind === 'list'
        ? Array.isArray(raw)
          ? raw.join('\n')
          : ''
        : raw === undefined
          ? ''
          : String(raw)
  const error =
    issueAt(issues, path) ??
    (kind === 'list' || kind === 'pairs'
      ? issues.find((i) => i.path.slice(0, path.length).join('.') === path.join('.'))?.message
      : undefined)
  const id = pathId(path)
  const described =
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
  }
  return (
    <div className={`field ${error ? 'field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {kind === 'pairs' ? (
        <textarea
          {...common}
          rows={Math.min(6, Math.max(2, text.split('\n').length))}
          value={text}
          spellCheck={false}
          onChange={(e) => {
            setPairText(e.target.value)
            const value = pairs(e.target.value)
            onChange(path, Object.keys(value).length > 0 ? value : undefined)
          }}
        />
      ) : kind === 'list' ? (
        <textarea
          {...common}
          rows={Math.min(6, Math.max(2, text.split('\n').length))}
          value={text}
          spellCheck={false}
          onChange={(e) =>
            onChange(
              path,
              e.target.value
                .split('\n')
                .map((l) => l.trim())
                .filter(Boolean),
            )
          }
        />
      ) : (
        <input
          {...common}
          type={kind === 'number' ? 'number' : 'text'}
          value={text}
          spellCheck={false}
          onChange={(e) =>
            onChange(
              path,
              kind === 'number'
                ? e.target.value === ''
                  ? undefined
                  : Number(e.target.value)
                : e.target.value,
            )
          }
        />
      )}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <fieldset className="card form-section" id={id}>
      <legend>{title}</legend>
      {children}
    </fieldset>
  )
}

/** A new engagement from the open one: the same settings, its CA file made absolute so the copy still finds it. */
function copyOf(engagement: Draft, dir: string): Draft {
  const copy = structuredClone(engagement)
  const net = copy.network as { caFile?: string } | undefined
  if (net?.caFile && !net.caFile.startsWith('/')) net.caFile = `${dir}/${net.caFile}`
  copy.name = ''
  return copy
}

const BLANK: Draft = { schema: 'handover.engagement/1', name: '', scope: { allow: [], active: [] } }

/** The setup screen. */
export function Setup() {
  const { info, ws, recent, noWorkspace, openWorkspace, validate, save, setCredential, pickFolder } =
    useStore(
      useShallow((s) => ({
        info: s.info,
        ws: s.workspace,
        recent: s.recent,
        noWorkspace: s.noWorkspace,
        openWorkspace: s.openWorkspace,
        validate: s.validateEngagement,
        save: s.saveEngagement,
        setCredential: s.setCredential,
        pickFolder: s.pickFolder,
      })),
    )
  const [mode, setMode] = useState<'edit' | 'new'>(ws ? 'edit' : 'new')
  const [dir, setDir] = useState('')
  const [openDir, setOpenDir] = useState('')
  const [draft, setDraft] = useState<Draft>(() =>
    ws ? structuredClone(ws.engagement) : structuredClone(BLANK),
  )
  const [issues, setIssues] = useState<EngagementIssue[]>([])
  const [passwords, setPasswords] = useState<Record<string, string>>({})
  const [showFile, setShowFile] = useState(false)
  const [saving, setSaving] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => void validate(draft).then(setIssues), 300)
    return () => clearTimeout(timer.current)
  }, [draft, validate])
  const change = (path: Path, value: unknown): void => setDraft((d) => put(d, path, value))
  const props = { draft, issues, onChange: change }
  const accounts = (get(draft, ['accounts']) as Draft[] | undefined) ?? []
  const active = (get(draft, ['scope', 'active']) as string[] | undefined) ?? []
  const fileText = useMemo(() => JSON.stringify(draft, null, 2), [draft])
  const startNew = (from: 'blank' | 'current'): void => {
    setMode('new')
    setDraft(from === 'current' && ws ? copyOf(ws.engagement, ws.dir) : structuredClone(BLANK))
    setPasswords({})
  }
  const submit = async (): Promise<void> => {
    setSaving(true)
    let next = draft
    // Passwords first, into the keychain; the draft keeps only the reference.
    for (const [i, a] of accounts.entries()) {
      const value = passwords[String(i)]
      if (!value) continue
      const ref =
        typeof a.password === 'string' && a.password.startsWith('keychain:')
          ? a.password.slice(9)
          : `handover-${String(a.id ?? i)}`
      if (!(await setCredential(ref, value))) {
        setSaving(false)
        return
      }
      next = put(next, ['accounts', i, 'password'], `keychain:${ref}`)
    }
    setPasswords({})
    const target = mode === 'edit' && ws ? ws.dir : dir
    const ok = await save(target, next, mode === 'new')
    setSaving(false)
    if (ok) setMode('edit')
  }
  return (
    <div className="screen setup">
      <div className="screen-head">
        <div>
          <h1>{mode === 'edit' && ws ? 'Engagement' : 'New engagement'}</h1>
          <p className="muted">
            {noWorkspace && !ws ? `${noWorkspace} ` : ''}
            {mode === 'edit' && ws
              ? `Editing ${ws.dir}/handover.json`
              : 'Describe the client portal; the file is checked as you type, exactly as the CLI checks it.'}
          </p>
        </div>
        <div className="button-row">
          <button type="button" className="button button--secondary" onClick={() => startNew('blank')}>
            New blank engagement
          </button>
          {ws ? (
            <button type="button" className="button button--secondary" onClick={() => startNew('current')}>
              New from this one
            </button>
          ) : null}
        </div>
      </div>
      <section className="card" aria-labelledby="open-h">
        <h2 id="open-h">Open an engagement folder</h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault()
            if (openDir.trim()) void openWorkspace(openDir.trim())
          }}
        >
          <label className="field field--inline">
            <span>Folder</span>
            <input
              value={openDir}
              onChange={(e) => setOpenDir(e.target.value)}
              placeholder="/path/to/workspace"
              spellCheck={false}
            />
          </label>
          {info?.host === 'desktop' ? (
            <button
              type="button"
              className="button button--secondary"
              onClick={async () => {
                const picked = await pickFolder()
                if (picked) void openWorkspace(picked)
              }}
            >
              Choose…
            </button>
          ) : null}
          <button type="submit" className="button button--secondary">
            Open
          </button>
        </form>
        {recent.length > 0 ? (
          <ul className="recent">
            {recent.map((r) => (
              <li key={r}>
                <button type="button" className="link-button mono" onClick={() => void openWorkspace(r)}>
                  {r}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <form
        className="engagement-form"
        aria-label="Engagement"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        {issues.length > 0 ? (
          <div className="card issues" role="status">
            <p>
              <strong>{issues.length === 1 ? '1 problem' : `${issues.length} problems`}</strong> to fix before
              saving:
            </p>
            <ul>
              {issues.slice(0, 6).map((i) => (
                <li key={`${i.path.join('.')}${i.message}`}>
                  <a
                    href={`#${pathId(i.path)}`}
                    onClick={(e) => (e.preventDefault(), document.getElementById(pathId(i.path))?.focus())}
                  >
                    {i.path.length ? i.path.join('.') : 'engagement'}
                  </a>
                  : {i.message}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="muted small" role="status">
            The engagement is valid.
          </p>
        )}
        <Section id="s-basics" title="Engagement">
          {mode === 'new' ? (
            <div className="field">
              <label htmlFor="f-dir">Workspace folder</label>
              <input
                id="f-dir"
                value={dir}
                onChange={(e) => setDir(e.target.value)}
                required
                spellCheck={false}
                placeholder="/path/to/new-workspace"
                aria-describedby="f-dir-hint"
              />
              <p id="f-dir-hint" className="hint">
                A new folder; handover.json, runs and reports are kept there.
              </p>
            </div>
          ) : null}
          <div className="grid-3">
            <Field label="Name" path={['name']} {...props} />
            <Field label="Client" path={['client']} {...props} />
            <Field label="Consultant" path={['consultant']} {...props} hint="Signs the pack." />
          </div>
        </Section>
        <Section id="s-domains" title="Domains, portal and API">
          <div className="grid-3">
            <Field label="Apex domain" path={['domains', 'apex']} {...props} hint="e.g. acme.test" />
            <Field
              label="Subdomains"
              path={['domains', 'subdomains']}
              kind="list"
              {...props}
              hint="One per line: app, api, help…"
            />
            <label className="check">
              <input
                type="checkbox"
                checked={get(draft, ['domains', 'www']) !== false}
                onChange={(e) => change(['domains', 'www'], e.target.checked ? undefined : false)}
              />{' '}
              The www host is part of the portal
            </label>
          </div>
          <div className="grid-3">
            <Field label="Portal URL" path={['portal', 'url']} {...props} />
            <Field label="Sign-in page" path={['portal', 'login']} {...props} />
            <Field label="API base URL" path={['api', 'base']} {...props} />
          </div>
        </Section>
        <Section id="s-accounts" title="Test accounts and sign-in">
          <p className="hint">
            Passwords typed here go straight to the OS keychain when you save; handover.json keeps
            keychain:NAME.
          </p>
          <table className="table table--form">
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Role</th>
                <th scope="col">Username</th>
                <th scope="col">Password</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a, i) => (
                <tr key={i}>
                  {(['id', 'role', 'username'] as const).map((k) => (
                    <td key={k}>
                      <input
                        aria-label={`Account ${i + 1} ${k}`}
                        value={String(a[k] ?? '')}
                        onChange={(e) => change(['accounts', i, k], e.target.value)}
                        aria-invalid={issueAt(issues, ['accounts', i, k]) ? true : undefined}
                        spellCheck={false}
                      />
                    </td>
                  ))}
                  <td>
                    <input
                      type="password"
                      autoComplete="new-password"
                      aria-label={`Account ${i + 1} password`}
                      placeholder={
                        typeof a.password === 'string' ? `${a.password} (leave empty to keep)` : 'password'
                      }
                      value={passwords[String(i)] ?? ''}
                      onChange={(e) => setPasswords((p) => ({ ...p, [String(i)]: e.target.value }))}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Remove account ${i + 1}`}
                      onClick={() =>
                        change(
                          ['accounts'],
                          accounts.filter((_, j) => j !== i),
                        )
                      }
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className="button button--small"
            onClick={() => change(['accounts'], [...accounts, { id: '', role: 'client', username: '' }])}
          >
            Add an account
          </button>
          <div className="grid-3">
            <Field label="Sign-in kind (api, form, basic, static)" path={['auth', 'kind']} {...props} />
            <Field label="Sign-in URL" path={['auth', 'login', 'url']} {...props} />
            <Field
              label="Token path in the answer"
              path={['auth', 'login', 'token']}
              {...props}
              hint="e.g. token; empty when a cookie carries the session."
            />
          </div>
        </Section>
        <Section id="s-mail" title="Mail, monitoring and sources">
          <div className="grid-3">
            <Field label="Mail domain" path={['mail', 'domain']} {...props} />
            <Field label="DKIM selectors" path={['mail', 'dkimSelectors']} kind="list" {...props} />
            <Field
              label="Sending servers"
              path={['mail', 'senders']}
              kind="list"
              {...props}
              hint="IP addresses that send the portal's mail."
            />
          </div>
          <div className="grid-3">
            <Field label="Health endpoint" path={['monitoring', 'health']} {...props} />
            <Field label="Core reads (latency)" path={['monitoring', 'coreReads']} kind="list" {...props} />
            <Field
              label="Alert webhook"
              path={['monitoring', 'alertWebhook']}
              {...props}
              hint="keychain:NAME"
            />
          </div>
          <div className="grid-3">
            <Field
              label="Source repository"
              path={['sources', 'repo']}
              {...props}
              hint="A folder, relative to the workspace."
            />
            <Field
              label="Env files"
              path={['sources', 'envFiles']}
              kind="pairs"
              {...props}
              hint="One per line: environment=path, e.g. production=env/prod.env"
            />
            <Field label="Logs" path={['sources', 'logs']} kind="list" {...props} />
          </div>
        </Section>
        <Section id="s-scope" title="Scope and consent">
          <div className="grid-3">
            <Field
              label="Hosts that may be contacted"
              path={['scope', 'allow']}
              kind="list"
              {...props}
              hint="acme.test, *.acme.test — nothing else is ever contacted."
            />
            <Field label="Request budget" path={['scope', 'maxRequests']} kind="number" {...props} />
            <Field label="Requests per second" path={['scope', 'maxRps']} kind="number" {...props} />
          </div>
          <h3 className="small-heading">
            Active tests: each family runs only with the portal owner's consent
          </h3>
          <ul className="consents">
            {info?.families.map((f) => (
              <li key={f.id} className="consent">
                <label className="switch">
                  <input
                    type="checkbox"
                    role="switch"
                    checked={active.includes(f.id)}
                    aria-describedby={`consent-${f.id}`}
                    onChange={(e) =>
                      change(
                        ['scope', 'active'],
                        e.target.checked ? [...active, f.id] : active.filter((x) => x !== f.id),
                      )
                    }
                  />
                  <span>
                    <strong>{f.title}</strong> <span className="mono small muted">{f.id}</span>
                  </span>
                </label>
                <p id={`consent-${f.id}`} className="hint">
                  {f.explanation}{' '}
                  {f.checks.length > 0
                    ? `Checks: ${f.checks.join(', ')}.`
                    : 'No check of this family is installed yet.'}
                </p>
              </li>
            ))}
          </ul>
        </Section>
        <Section id="s-network" title="Network overrides (staging, a new server, the demo lab)">
          <div className="grid-3">
            <Field
              label="Resolver"
              path={['network', 'resolver']}
              {...props}
              hint="HOST:PORT of a DNS server to ask."
            />
            <Field
              label="Connect to"
              path={['network', 'connectTo']}
              kind="list"
              {...props}
              hint="curl's HOST1:PORT1:HOST2:PORT2, one per line."
            />
            <Field label="Extra CA file" path={['network', 'caFile']} {...props} />
          </div>
        </Section>
        <details
          className="card"
          open={showFile}
          onToggle={(e) => setShowFile((e.target as HTMLDetailsElement).open)}
        >
          <summary>Show file (handover.json)</summary>
          <pre className="raw">{fileText}</pre>
        </details>
        <div className="form-actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={saving || issues.length > 0 || (mode === 'new' && !dir.trim())}
          >
            {mode === 'new' ? 'Create engagement' : 'Save engagement'}
          </button>
        </div>
      </form>
    </div>
  )
}
