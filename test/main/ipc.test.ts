// The IPC wrapper: one handler per contract channel, untrusted senders dropped before anything runs, arguments
// validated by the contract before a handler sees them.
import { describe, expect, it, vi } from 'vitest'
import { REQUESTS } from '../../main/contract'

const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
      handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}))

const { handleAll, removeAll, send } = await import('../../main/ipc')
const { WizardService } = await import('../../main/service/service')
const { MemoryCredentials } = await import('../../src/keychain/keychain')

describe('typed IPC', () => {
  const service = new WizardService({
    host: 'desktop',
    credentials: new MemoryCredentials(),
    stateDir: '/nonexistent-handover-test',
    emit: () => undefined,
  })
  const dispatch = vi.fn((channel: string, args: unknown) => service.dispatch(channel, args))
  const trusted = { id: 'ours' }
  handleAll(dispatch, (event) => event === (trusted as never))

  it('registers exactly the contract channels', () => {
    expect([...handlers.keys()].sort()).toEqual(Object.keys(REQUESTS).sort())
  })

  it('drops a message from an untrusted frame before dispatching it', async () => {
    dispatch.mockClear()
    const answer = await handlers.get('creds:set')!({ id: 'iframe' }, 'acme-alice', 'value')
    expect(answer).toMatchObject({ ok: false, error: { code: 'IPC_UNTRUSTED' } })
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('validates arguments with the contract before any handler runs', async () => {
    expect(await handlers.get('run:get')!(trusted, '../../etc/passwd')).toMatchObject({
      ok: false,
      error: { code: 'BRIDGE_ARGS' },
    })
    expect(await handlers.get('creds:set')!(trusted, 'bad name!', 'v')).toMatchObject({
      ok: false,
      error: { code: 'BRIDGE_ARGS' },
    })
    expect(await handlers.get('audit:start')!(trusted, { stages: [9] })).toMatchObject({
      ok: false,
      error: { code: 'BRIDGE_ARGS' },
    })
    expect(await handlers.get('app:info')!(trusted, 'extra')).toMatchObject({
      ok: false,
      error: { code: 'BRIDGE_ARGS' },
    })
    expect(await handlers.get('app:info')!(trusted)).toMatchObject({ ok: true, value: { host: 'desktop' } })
  })

  it('refuses a bad argument with one sentence naming the channel, the argument and the problem', async () => {
    // The store's own field schemas: a run id, an attestation's answer, a deliverable note's length.
    dispatch.mockClear()
    const refusals = [
      await handlers.get('run:observation')!(trusted, 'runs/../x', 'key'),
      await handlers.get('attest:save')!(trusted, { check: 'handover.rollback', status: 'maybe', note: '' }),
      await handlers.get('deliverable:note')!(trusted, 'domain-handoff', 'A www.acme.test', 'x'.repeat(2001)),
    ]
    expect(refusals.map((r) => (r as { error: { message: string } }).error.message)).toEqual([
      'run:observation: bad arguments at 0: expected a run id.',
      expect.stringMatching(/^attest:save: bad arguments at 0\.status: [^.]*"pass"[^.]*\.$/),
      expect.stringMatching(
        /^deliverable:note: bad arguments at 2: Too big: expected string to have <=2000 characters\.$/,
      ),
    ])
    expect(refusals.every((r) => (r as { error: { code: string } }).error.code === 'BRIDGE_ARGS')).toBe(true)
    expect(dispatch).toHaveBeenCalledTimes(3)
  })

  it('answers expected failures as data with a code', async () => {
    expect(await handlers.get('workspace:state')!(trusted)).toMatchObject({
      ok: false,
      error: { code: 'NO_WORKSPACE' },
    })
  })

  it('sends events only to a live window', () => {
    const target = { isDestroyed: () => false, send: vi.fn() }
    send(target as never, 'app:command', { command: 'toggle-theme' })
    expect(target.send).toHaveBeenCalledWith('app:command', { command: 'toggle-theme' })
    const gone = { isDestroyed: () => true, send: vi.fn() }
    send(gone as never, 'app:command', { command: 'toggle-theme' })
    expect(gone.send).not.toHaveBeenCalled()
    removeAll()
    expect(handlers.size).toBe(0)
  })
})
