// The founder's job: drop or choose a PDF someone sent, and see integrity, signer and coverage first, then what
// the signed document says. A tampered pack's content is greyed out as untrustworthy.
import { useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { ChangeList } from '../components/ChangeList'
import { FileButton } from '../components/FileButton'
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
  const {
    verification,
    verifying,
    verifyError,
    verifyFile,
    verifyPath,
    host,
    trust,
    trustRoot,
    rechecking,
    recheck,
    recheckError,
    recheckPortal,
  } = useStore(
    useShallow((s) => ({
      verification: s.verification,
      verifying: s.verifying,
      verifyError: s.verifyError,
      verifyFile: s.verifyFile,
      verifyPath: s.verifyPath,
      host: s.info?.host,
      trust: s.trust,
      trustRoot: s.trustRoot,
      rechecking: s.rechecking,
      recheck: s.recheck,
      recheckError: s.recheckError,
      recheckPortal: s.recheckPortal,
    })),
  )
  const [over, setOver] = useState(false)
  const [path, setPath] = useState('')
  // The result lands below the fold (banner, signature, contents and document come first): bring it into view
  // and move focus to its headline, so a keyboard or screen-reader user hears the outcome.
  const resultHeading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    const h = resultHeading.current
    if (!recheck || !h) return
    // Only the content region scrolls (scrollIntoView would also shift the fixed frame around it).
    const region = h.closest('main')
    if (region) {
      const top = h.getBoundingClientRect().top - region.getBoundingClientRect().top
      region.scrollTo({ top: region.scrollTop + top - 16 })
    }
    h.focus({ preventScroll: true })
  }, [recheck])
  const r = verification?.report
  const key = r ? (r.status === 'valid' && r.trust === 'unknown' ? 'valid-unknown' : r.status) : undefined
  const trustworthy = r?.status === 'valid'
  return (
    <div className="screen">
      <div className="screen-head">
        <div>
          <p className="eyebrow">Founder's review</p>
          <h1>Verify a pack someone sent you</h1>
          <p className="muted">
            Verifying only reads the PDF. Nothing is contacted until you choose to re-check the portal.
          </p>
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
        <FileButton accept="application/pdf,.pdf" onFile={(file) => void verifyFile(file)}>
          Choose a PDF…
        </FileButton>
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
            {r.status === 'valid' && (r.trust === 'unknown' || trust) ? (
              <div className="trust-root">
                <p className="small">
                  {trust
                    ? `Trusting the root in ${trust.name} for this pack only (it is not stored).`
                    : 'If your consultant gave you their root certificate (a .pem file) and its fingerprint matches the one above, trust it for this pack:'}
                </p>
                <FileButton accept=".pem,.crt,application/x-pem-file" onFile={(file) => void trustRoot(file)}>
                  {trust ? 'Choose another root…' : 'Trust a root certificate (PEM)…'}
                </FileButton>
              </div>
            ) : null}
          </section>
          <PackContents verification={verification} />
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
          <section className="card" aria-labelledby="recheck-h">
            <h2 id="recheck-h">Re-check the portal now</h2>
            <p className="muted small">
              Runs the checks of the signed baseline against the portal again and lists what drifted since
              handover. This sends requests to the engagement's hosts, within its scope.
            </p>
            {verification.contents.recheckable && r.trust !== 'unknown' ? (
              <button
                type="button"
                className="button button--primary"
                disabled={rechecking}
                onClick={() => void recheckPortal()}
              >
                {rechecking ? 'Re-checking…' : 'Re-check the portal now'}
              </button>
            ) : (
              <p className="small" data-testid="recheck-unavailable">
                {!verification.contents.recheckable
                  ? 'This pack cannot drive a re-check: it must be validly signed and carry its engagement and baseline inside the signature.'
                  : 'Trust the signer first (choose their root certificate above): an unknown signer cannot drive requests.'}
              </p>
            )}
            {rechecking ? (
              <p aria-live="polite" className="small">
                The audit runs; its live progress is on the stage screens.
              </p>
            ) : null}
            {recheckError ? (
              <p role="alert" className="banner">
                {recheckError}
              </p>
            ) : null}
          </section>
          {recheck ? (
            <section className="card" aria-labelledby="drift-h" data-testid="recheck-result">
              <h2 id="drift-h" data-testid="recheck-headline" ref={resultHeading} tabIndex={-1}>
                {recheck.headline}
              </h2>
              <p className="muted small mono">
                Run {recheck.to} against signed baseline {recheck.from} ·{' '}
                {recheck.created ? 'recreated' : 'in'} {recheck.workspace}
              </p>
              {recheck.missingCredentials.length > 0 ? (
                <p className="banner small">
                  The keychain lacks {recheck.missingCredentials.join(', ')}; the checks that sign in report
                  an error. Set them under Credentials and re-check.
                </p>
              ) : null}
              <ChangeList view={recheck} label="Changes since handover" />
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  )
}

/** What the pack carries inside its signed bytes. */
function PackContents({
  verification,
}: {
  verification: NonNullable<ReturnType<typeof useStore.getState>['verification']>
}) {
  const c = verification.contents
  return (
    <section className="card" aria-labelledby="contents-h" data-testid="pack-contents">
      <h2 id="contents-h">What the pack carries</h2>
      {c.files.length === 0 ? (
        <p className="muted">No embedded files: this pack was made before packs carried their contents.</p>
      ) : (
        <>
          <p className="small">
            {c.covered
              ? `${c.files.length} files, all inside the signed bytes: they are exactly what was signed.`
              : `${c.files.length} files, but they are not covered by a valid signature: do not rely on them.`}
            {c.engagement
              ? ` Engagement "${c.engagement.name}"${c.engagement.apex ? ` (${c.engagement.apex})` : ''}.`
              : ''}
            {c.baseline
              ? ` Baseline run ${c.baseline.id} of ${c.baseline.startedAt.slice(0, 10)}, ${c.baseline.results} results.`
              : ''}
            {c.engineVersion ? ` Made by Handover ${c.engineVersion}.` : ''}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Size</th>
                <th scope="col">What it is</th>
              </tr>
            </thead>
            <tbody>
              {c.files.map((f) => (
                <tr key={f.name}>
                  <td className="mono">{f.name}</td>
                  <td>{f.bytes < 1024 ? `${f.bytes} B` : `${Math.round(f.bytes / 1024)} KB`}</td>
                  <td>{f.description ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {c.problems.length > 0 ? (
        <ul className="reasons">
          {c.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
