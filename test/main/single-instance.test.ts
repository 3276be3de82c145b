// The desktop app's start-up, with electron mocked: a second instance hands over to the first and quits.
import { describe, expect, it, vi } from 'vitest'

const quit = vi.fn()
const whenReady = vi.fn(() => new Promise(() => undefined))

vi.mock('electron', () => ({
  app: {
    requestSingleInstanceLock: () => false,
    quit,
    whenReady,
    on: vi.fn(),
    getPath: () => '/tmp',
  },
  BrowserWindow: vi.fn(),
  dialog: {},
  Menu: {},
  session: {},
  shell: {},
  ipcMain: { handle: vi.fn() },
}))

describe('the single-instance lock', () => {
  it('quits a second instance without opening a window or starting the engine', async () => {
    await import('../../main/index')
    expect(quit).toHaveBeenCalledTimes(1)
    expect(whenReady).not.toHaveBeenCalled()
  })
})
