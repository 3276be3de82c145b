// The renderer's state: one zustand store built from slices; engine calls live in the slices' actions.
import { create } from 'zustand'
import { createAppSlice, type AppSlice } from './app-slice'
import { createAuditSlice, type AuditSlice } from './audit-slice'
import { createKeychainSlice, type KeychainSlice } from './keychain-slice'
import { createPackSlice, type PackSlice } from './pack-slice'
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace-slice'

/** The whole store. */
export type Store = AppSlice & WorkspaceSlice & AuditSlice & KeychainSlice & PackSlice

export const useStore = create<Store>()((...a) => ({
  ...createAppSlice(...a),
  ...createWorkspaceSlice(...a),
  ...createAuditSlice(...a),
  ...createKeychainSlice(...a),
  ...createPackSlice(...a),
}))

/** True while a run is in progress: the live audit has not finished, or the workspace is being audited. */
export function isRunning(s: Store): boolean {
  return Boolean(s.audit && s.audit.phase !== 'finished') || Boolean(s.workspace?.auditing)
}
