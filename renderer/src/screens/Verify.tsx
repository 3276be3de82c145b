// The founder's job: drop or choose a PDF someone sent, and see integrity, signer and coverage first, then what
// the signed document says. A tampered pack's content is greyed out as untrustworthy.
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../store'

const BANNER = {
  valid: { tone: 'ok', text: 'Valid: this is the signed pack, unchanged.' },
  'valid-unknown': {
    tone: 'warn',
    text: 'Valid, but the signer is not known to you: compare the fingerprint with the one your consultant gave you.',
  },
  invalid: { tone: 'bad', text: 'Invalid: the signature cannot be accepted.' },
  tampered: { tone: 'bad', text: 'Invalid — this file was changed after signing.' },
  unsigned: { tone: 'bad', text: 'Not signed: this PDF carries no signature.' },
} as const

/** The verify screen. */
export function Verify() {
  const { verification, verifying, verifyError, verifyFile, verifyPath, host } = useStore(
    useShallow((s) => ({
      verification: s.verification,
      verifying: s.verifying,
      verifyError: s.verifyError,
      verifyFile: s.verifyFile,
      verifyPath: s.verifyPath,
      host: s.info?.host,
    })),
  )
  const [over, setOver] = useState(false)
  const [path, setPath] = useState('')
  const r = verification?.report
  const key = r ? (r.status === 'valid' && r.trust === 'unknown' ? 'valid-unknown' : r.status) : undefined
  const trustworthy = r?.status === 'valid'
  return (
    <div className="screen">
      <div className="screen-head">
        <div>
          <p className="eyebrow">Founder's review</p>
          <h1>Verify a pack someone sent you</h1>
          <p className="muted">Nothing is probed from here: this only reads the PDF.</p>
        </div>
      </div>
      <div
        className={`dropzone ${over ? 'dropzone--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault()
          setOver(false)
          const file = e.dataTransfer.files[0]
          if (file) void verifyFile(file)
        }}
      >
        <p>Drop a handover PDF here, or</p>
        <label className="button button--secondary file-button">
          Choose a PDF…
          <input
            type="file"
            accept="application/pdf,.pdf"
            className="visually-hidden"
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (file) void verifyFile(file)
            }}
          />
        </label>
        <form
          className="path-form"
          onSubmit={(e) => {
            e.preventDefault()
            if (path.trim()) void verifyPath(path.trim())
          }}
        >
          <label className="field field--inline">
            <span>or a file on {host === 'web' ? 'the computer running Handover' : 'this computer'}</span>
            <input
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder="/path/to/handover.pdf"
            />
          </label>
          <button type="submit" className="button button--secondary">
            Verify
          </button>
        </form>
      </div>
      {verifying ? <p aria-live="polite">Verifying…</p> : null}
      {verifyError ? (
        <p role="alert" className="card empty">
          {verifyError}
        </p>
      ) : null}
      {r && key && verification ? (
        <>
          <section
            className={`verify-banner verify-banner--${BANNER[key].tone}`}
            aria-labelledby="verify-h"
            data-testid="verify-banner"
          >
            <h2 id="verify-h">{BANNER[key].text}</h2>
            <p className="mono small">
              {verification.file} · {Math.round(verification.bytes / 1024)} KB
            </p>
          </section>
          <section className="card" aria-labelledby="three-h">
            <h2 id="three-h" className="visually-hidden">
              Signature details
            </h2>
            <dl className="kv kv--wide">
              <div className="kv-row">
                <dt>Integrity</dt>
                <dd>
                  {r.status === 'tampered' ? (
                    <strong>Changed after signing</strong>
                  ) : r.status === 'valid' ? (
                    'Not modified since it was signed'
                  ) : (
                    r.reasons[0]?.message
                  )}
                </dd>
              </div>
              <div className="kv-row">
                <dt>Signer</dt>
                <dd>
                  {r.signer ? (
                    <>
                      <strong>{r.signer.name}</strong>
                      {r.signer.organization ? ` (${r.signer.organization})` : ''}
                      {r.signedAt
                        ? `, signed ${r.signedAt.slice(0, 16).replace('T', ' ')} UTC by the signer's clock`
                        : ''}
                      <br />
                      <span className="muted small">
                        {r.trust === 'trusted'
                          ? 'Trusted: the certificate chains to a root you trust.'
                          : r.trust === 'known-identity'
                            ? 'Known signer: an identity kept on this computer.'
                            : 'Not known to you: anyone can make a certificate with any name.'}
                      </span>
                      <br />
                      <span className="mono small">
                        Root SHA-256 {r.chain.at(-1)?.fingerprintSha256 ?? r.signer.certificateFingerprint}
                      </span>
                    </>
                  ) : (
                    'No signer'
                  )}
                </dd>
              </div>
              <div className="kv-row">
                <dt>Coverage</dt>
                <dd>
                  {r.coversWholeFile
                    ? 'The signature covers the whole file'
                    : r.modifiedAfterSigning
                      ? 'Bytes were added after signing'
                      : 'Part of the file is not covered'}
                </dd>
              </div>
            </dl>
            {r.reasons.length > 0 ? (
              <ul className="reasons">
                {r.reasons.map((x, i) => (
                  <li key={`${x.code}-${i}`}>{x.message}</li>
                ))}
              </ul>
            ) : null}
          </section>
          <section className={`card ${trustworthy ? '' : 'untrusted'}`} aria-labelledby="doc-h">
            <h2 id="doc-h">What the document says</h2>
            {!trustworthy ? (
              <p className="banner">
                This content can't be trusted: it is shown only so you can see what was changed.
              </p>
            ) : null}
            <dl className="kv kv--wide">
              <div className="kv-row">
                <dt>Title</dt>
                <dd>{verification.document.title ?? '—'}</dd>
              </div>
              <div className="kv-row">
                <dt>Prepared by</dt>
                <dd>{verification.document.author ?? '—'}</dd>
              </div>
              <div className="kv-row">
                <dt>Summary</dt>
                <dd data-testid="verify-summary">{verification.document.subject ?? '—'}</dd>
              </div>
              <div className="kv-row">
                <dt>Issued</dt>
                <dd>{verification.document.created ?? '—'}</dd>
              </div>
            </dl>
          </section>
        </>
      ) : null}
    </div>
  )
}
