// The evidence viewer: one view per shape of observation (HTTP exchanges, certificate chain, DNS answers, the
// transcript), and a JSON view for any other shape, so a new probe kind shows without UI code. Everything the
// probed portal sent is rendered as text, never as markup (UI-NOTES pitfall 1).
import { useState } from 'react'
import type { Observation } from '../../../src/core/types'

type Json = Record<string, unknown>

const isObj = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v)

interface Exchange {
  method?: string
  url?: string
  status?: number
  httpVersion?: string
  headers?: Record<string, string | string[]>
  requestHeaders?: Record<string, string | string[]>
  body?: string
  bodyBytes?: number
  bodyTruncated?: boolean
  durationMs?: number
  remote?: string
  tls?: { protocol?: string; authorized?: boolean; error?: string }
}

interface Cert {
  subject?: string
  issuer?: string
  subjectAltNames?: string[]
  notBefore?: string
  notAfter?: string
  keyType?: string
  keyBits?: number
  fingerprint256?: string
  selfSigned?: boolean
  isCA?: boolean
}

interface Query {
  name?: string
  type?: string
  outcome?: string
  answers?: string[]
  message?: string
  elapsedMs?: number
}

function findArray<T>(data: unknown, key: string): T[] | undefined {
  if (!isObj(data)) return undefined
  if (Array.isArray(data[key])) return data[key] as T[]
  for (const v of Object.values(data)) {
    const found = isObj(v) ? findArray<T>(v, key) : undefined
    if (found) return found
  }
  return undefined
}

function Headers({ headers }: { headers: Record<string, string | string[]> }) {
  return (
    <table className="table table--compact table--kv">
      <tbody>
        {Object.entries(headers).map(([k, v]) => (
          <tr key={k}>
            <th scope="row" className="mono">
              {k}
            </th>
            <td className="mono">{Array.isArray(v) ? v.join('\n') : v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function HttpView({ exchanges, highlight }: { exchanges: Exchange[]; highlight: string[] }) {
  const [raw, setRaw] = useState(false)
  return (
    <div className="evidence-http">
      <label className="toggle">
        <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Raw
      </label>
      <ol className="hops">
        {exchanges.map((x, i) => {
          const plain = x.url?.startsWith('http:')
          return (
            <li key={i} className="hop">
              <p className="hop-line mono">
                <span className="hop-method">{x.method ?? 'GET'}</span> {x.url} →{' '}
                <strong>{x.status ?? '—'}</strong>
                {x.durationMs !== undefined ? <span className="muted"> · {x.durationMs} ms</span> : null}
                {plain ? <mark> served over plain HTTP</mark> : null}
                {x.tls ? <span className="muted"> · {x.tls.protocol}</span> : null}
              </p>
              {raw ? (
                <pre className="raw">
                  {`> ${x.method ?? 'GET'} ${x.url ?? ''}\n${Object.entries(x.requestHeaders ?? {})
                    .map(([k, v]) => `> ${k}: ${String(v)}`)
                    .join('\n')}\n< HTTP/${x.httpVersion ?? '1.1'} ${x.status ?? ''}\n${Object.entries(
                    x.headers ?? {},
                  )
                    .map(([k, v]) => `< ${k}: ${String(v)}`)
                    .join('\n')}`}
                </pre>
              ) : (
                <>
                  {x.headers ? (
                    <details>
                      <summary>Response headers ({Object.keys(x.headers).length})</summary>
                      <Headers headers={x.headers} />
                    </details>
                  ) : null}
                  {x.requestHeaders ? (
                    <details>
                      <summary>Request headers as sent</summary>
                      <Headers headers={x.requestHeaders} />
                    </details>
                  ) : null}
                </>
              )}
              {x.body ? (
                <details>
                  <summary>
                    Body as text ({x.bodyBytes ?? x.body.length} bytes{x.bodyTruncated ? ', cut' : ''})
                  </summary>
                  <pre className="raw">{x.body}</pre>
                </details>
              ) : null}
              {highlight.some((h) => x.url?.includes(h)) ? (
                <p className="muted small">This hop is named in the finding.</p>
              ) : null}
            </li>
          )
        })}
      </ol>
    </div>
  )
}

function ChainView({ chain, protocol, cipher }: { chain: Cert[]; protocol?: string; cipher?: string }) {
  const now = Date.now()
  return (
    <div>
      {protocol ? (
        <p className="mono small">
          {protocol} · {cipher}
        </p>
      ) : null}
      <ol className="chain">
        {chain.map((c, i) => {
          const expired = c.notAfter ? Date.parse(c.notAfter) < now : false
          const days = c.notAfter ? Math.round((Date.parse(c.notAfter) - now) / 86_400_000) : undefined
          return (
            <li key={i} className="chain-card">
              <p className="chain-role">{i === 0 ? 'Leaf' : c.selfSigned ? 'Root' : 'Intermediate'}</p>
              <dl className="kv">
                <dt>Subject</dt>
                <dd className="mono">{c.subject}</dd>
                <dt>Issuer</dt>
                <dd className="mono">{c.issuer}</dd>
                {c.subjectAltNames?.length ? (
                  <>
                    <dt>Names</dt>
                    <dd className="mono">{c.subjectAltNames.join(', ')}</dd>
                  </>
                ) : null}
                <dt>Valid</dt>
                <dd>
                  {c.notBefore?.slice(0, 10)} →{' '}
                  {expired ? (
                    <mark>
                      {c.notAfter?.slice(0, 10)} (expired {-days!} days ago)
                    </mark>
                  ) : (
                    `${c.notAfter?.slice(0, 10)} (${days} days left)`
                  )}
                </dd>
                <dt>Key</dt>
                <dd>
                  {c.keyType} {c.keyBits}
                </dd>
              </dl>
            </li>
          )
        })}
      </ol>
    </div>
  )
}

function DnsView({ queries }: { queries: Query[] }) {
  return (
    <table className="table table--compact">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Answer</th>
        </tr>
      </thead>
      <tbody>
        {queries.map((q, i) => (
          <tr key={i}>
            <td className="mono">{q.name}</td>
            <td className="mono">{q.type}</td>
            <td className="mono">
              {q.answers?.length ? (
                q.answers.join('\n')
              ) : (
                <mark>{q.outcome ?? q.message ?? 'no answer'}</mark>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Transcript({ entries }: { entries: NonNullable<Observation['transcript']> }) {
  return (
    <ol className="transcript mono" tabIndex={0} aria-label="Transcript">
      {entries.map((t, i) => (
        <li key={i} className={t.kind === 'refused' || t.code ? 'transcript-flag' : undefined}>
          <span className="transcript-kind">{t.kind}</span>{' '}
          <span className="transcript-target">{t.target}</span> {t.detail}
          {t.code ? <span className="transcript-code"> [{t.code}]</span> : null}
        </li>
      ))}
    </ol>
  )
}

/** One observation, shown by its shape. */
export function ObservationView({ obs, highlight }: { obs: Observation; highlight: string[] }) {
  const data = obs.data
  const exchanges = findArray<Exchange>(data, 'exchanges')
  const chain = findArray<Cert>(data, 'chain')
  const queries =
    findArray<Query>(data, 'queries') ??
    findArray<Query>(data, 'records')?.map((r) => ({ ...r, answers: (r as Json).values as string[] }))
  const [tab, setTab] = useState<'view' | 'transcript' | 'json'>(
    exchanges || chain || queries ? 'view' : 'transcript',
  )
  const domId = obs.key.replace(/[^A-Za-z0-9_-]/g, '_')
  const tabs: { id: typeof tab; label: string }[] = [
    ...(exchanges || chain || queries
      ? [
          {
            id: 'view' as const,
            label: exchanges ? 'HTTP exchange' : chain ? 'Certificate chain' : 'DNS answers',
          },
        ]
      : []),
    { id: 'transcript', label: `Transcript (${obs.transcript?.length ?? 0})` },
    { id: 'json', label: 'Observation data' },
  ]
  return (
    <div className="observation">
      <p className="observation-head">
        <span className="mono">{obs.kind}</span> · <span className="mono">{obs.subject}</span> ·{' '}
        {obs.durationMs} ms
        {obs.error ? (
          <mark>
            {' '}
            {obs.error.code}: {obs.error.message}
          </mark>
        ) : null}
      </p>
      {/* Observation keys hold spaces and '#': an id reference must be one token (aria-labelledby splits on spaces). */}
      <div role="tablist" aria-label={`Views of ${obs.kind}`} className="tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className="tab"
            onClick={() => setTab(t.id)}
            id={`tab-${domId}-${t.id}`}
            aria-controls={`panel-${domId}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${domId}`} aria-labelledby={`tab-${domId}-${tab}`} className="tabpanel">
        {tab === 'view' && exchanges ? <HttpView exchanges={exchanges} highlight={highlight} /> : null}
        {tab === 'view' && !exchanges && chain ? (
          <ChainView
            chain={chain}
            {...(isObj(data) && typeof data.protocol === 'string' ? { protocol: data.protocol } : {})}
            {...(isObj(data) && typeof data.cipher === 'string' ? { cipher: data.cipher } : {})}
          />
        ) : null}
        {tab === 'view' && !exchanges && !chain && queries ? <DnsView queries={queries} /> : null}
        {tab === 'transcript' ? <Transcript entries={obs.transcript ?? []} /> : null}
        {tab === 'json' ? (
          <pre className="raw">{JSON.stringify(data ?? obs.error ?? null, null, 2)}</pre>
        ) : null}
      </div>
    </div>
  )
}
