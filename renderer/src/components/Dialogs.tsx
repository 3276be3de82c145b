// Every dialog from one typed stack (store popup): Ariakit's Dialog handles focus, Escape and the backdrop once.
import { Dialog, DialogDescription, DialogDismiss, DialogHeading } from '@ariakit/react/dialog'
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { shortRun } from './format'
import { useStore } from '../store'

function CredentialForm({ name: initial, replacing }: { name: string; replacing: boolean }) {
  const { setCredential, close } = useStore(
    useShallow((s) => ({ setCredential: s.setCredential, close: s.closePopup })),
  )
  const [name, setName] = useState(initial)
  // The value lives only in this input until it is sent; it never enters the store.
  const [value, setValue] = useState('')
  const [busy, setBusy] = useState(false)
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault()
        setBusy(true)
        const ok = await setCredential(name, value)
        setValue('')
        setBusy(false)
        if (ok) close()
      }}
    >
      <DialogHeading className="dialog-title">
        {replacing ? `Replace ${name}` : initial ? `Set ${name}` : 'Add a credential'}
      </DialogHeading>
      <DialogDescription className="muted">
        The value goes straight to the OS keychain. Handover never shows it again, here or anywhere.
      </DialogDescription>
      {!initial ? (
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            pattern="[A-Za-z0-9._\-]{1,128}"
            required
            autoComplete="off"
            spellCheck={false}
          />
        </label>
      ) : null}
      <label className="field">
        <span>Value</span>
        <input
          type="password"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required
          autoComplete="off"
          spellCheck={false}
        />
      </label>
      <div className="dialog-actions">
        <DialogDismiss className="button button--secondary">Cancel</DialogDismiss>
        <button type="submit" className="button button--primary" disabled={busy || !name || !value}>
          Store in keychain
        </button>
      </div>
    </form>
  )
}

/** The one place dialogs are shown. */
export function Dialogs() {
  const { popup, close, acceptBaseline, deleteCredential } = useStore(
    useShallow((s) => ({
      popup: s.popup,
      close: s.closePopup,
      acceptBaseline: s.acceptBaseline,
      deleteCredential: s.deleteCredential,
    })),
  )
  return (
    <Dialog
      open={Boolean(popup) && popup?.kind !== 'palette'}
      onClose={close}
      className="dialog"
      backdrop={<div className="dialog-backdrop" />}
    >
      {popup?.kind === 'credential' ? <CredentialForm name={popup.name} replacing={popup.replacing} /> : null}
      {popup?.kind === 'accept-baseline' ? (
        <>
          <DialogHeading className="dialog-title">
            Accept run {shortRun(popup.runId)} as the release baseline?
          </DialogHeading>
          <DialogDescription>
            Later runs are compared with this one: anything worse is a regression, and CI fails the deploy on
            it.
          </DialogDescription>
          {popup.regressions > 0 ? (
            <p className="banner" role="note">
              {popup.regressions} regression{popup.regressions === 1 ? '' : 's'} since the current baseline
              will be accepted as the new normal.
            </p>
          ) : null}
          {popup.partial ? (
            <p className="banner" role="note">
              Partial run. {popup.partial} Accept it anyway, or run the full audit first.
            </p>
          ) : null}
          <div className="dialog-actions">
            <DialogDismiss className="button button--secondary">Cancel</DialogDismiss>
            <button
              type="button"
              className="button button--primary"
              onClick={async () => {
                close()
                await acceptBaseline(popup.runId, Boolean(popup.partial))
              }}
            >
              Accept as baseline
            </button>
          </div>
        </>
      ) : null}
      {popup?.kind === 'delete-credential' ? (
        <>
          <DialogHeading className="dialog-title">Delete {popup.name} from the keychain?</DialogHeading>
          <DialogDescription>
            Checks that use it will report that they could not sign in until you set it again.
          </DialogDescription>
          <div className="dialog-actions">
            <DialogDismiss className="button button--secondary">Cancel</DialogDismiss>
            <button
              type="button"
              className="button button--danger"
              onClick={async () => {
                close()
                await deleteCredential(popup.name)
              }}
            >
              Delete
            </button>
          </div>
        </>
      ) : null}
    </Dialog>
  )
}
