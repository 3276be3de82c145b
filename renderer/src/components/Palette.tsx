// The command palette (⌘K / Ctrl+K): one search over the stages, the checks, the deliverables, the runs and the
// actions, generated from what the engine describes (app:info, runs:history), so a new check or deliverable is
// found without UI code. Ariakit's Dialog and Combobox carry the focus, the keys and the ARIA wiring.
import {
  Combobox,
  ComboboxGroup,
  ComboboxGroupLabel,
  ComboboxItem,
  ComboboxList,
  ComboboxProvider,
  useComboboxContext,
} from '@ariakit/react/combobox'
import { Dialog, DialogHeading, useDialogStore } from '@ariakit/react/dialog'
import { startTransition, useMemo, useState, type KeyboardEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Stage } from '../../../src/core/types'
import { isRunning, useStore, type Store } from '../store'
import { shortRun, when } from './format'

/** One thing the palette can do. */
export interface PaletteEntry {
  id: string
  group: 'Actions' | 'Stages' | 'Checks' | 'Deliverables' | 'Runs'
  label: string
  /** Shown beside the label, and searched too. */
  hint?: string
  run(store: Store): void
}

/** Every entry, from the store's state: stages, checks, deliverables and runs as the engine lists them. */
export function paletteEntries(s: Store): PaletteEntry[] {
  const info = s.info
  if (!info) return []
  const latest = s.workspace?.latest
  const running = isRunning(s)
  const actions: PaletteEntry[] = [
    ...(s.workspace && !running
      ? [
          {
            id: 'a:full',
            group: 'Actions' as const,
            label: 'Run the full audit',
            hint: 'every stage',
            run: (st: Store) => {
              st.navigate({ screen: 'overview' })
              void st.startAudit()
            },
          },
          ...info.stages.map((st) => ({
            id: `a:run-${st.stage}`,
            group: 'Actions' as const,
            label: `Run stage ${st.stage}`,
            hint: st.name,
            run: (x: Store) => {
              x.navigate({ screen: 'stage', stage: st.stage })
              void x.startAudit([st.stage])
            },
          })),
        ]
      : []),
    ...(latest
      ? [
          {
            id: 'a:export',
            group: 'Actions' as const,
            label: 'Export the signed pack',
            hint: `run ${shortRun(latest)}`,
            run: (x: Store) => {
              x.navigate({ screen: 'pack' })
              void x.exportPack(latest)
            },
          },
        ]
      : []),
    {
      id: 'a:verify',
      group: 'Actions',
      label: 'Verify a pack',
      hint: "the founder's review",
      run: (x) => x.navigate({ screen: 'verify' }),
    },
    {
      id: 'a:creds',
      group: 'Actions',
      label: 'Credentials',
      hint: 'set, replace or delete',
      run: (x) => x.navigate({ screen: 'credentials' }),
    },
    {
      id: 'a:register',
      group: 'Actions',
      label: 'Risk register',
      run: (x) => x.navigate({ screen: 'register' }),
    },
    {
      id: 'a:regressions',
      group: 'Actions',
      label: 'Regressions since the baseline',
      run: (x) => x.navigate({ screen: 'regressions' }),
    },
    {
      id: 'a:setup',
      group: 'Actions',
      label: 'Engagement settings',
      run: (x) => x.navigate({ screen: 'setup' }),
    },
    {
      id: 'a:theme',
      group: 'Actions',
      label: s.theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme',
      run: (x) => x.setTheme(x.theme === 'dark' ? 'light' : 'dark'),
    },
  ]
  const stages: PaletteEntry[] = [
    {
      id: 's:overview',
      group: 'Stages',
      label: 'Overview',
      hint: 'verdict, clock, run history',
      run: (x) => x.navigate({ screen: 'overview' }),
    },
    ...info.stages.map((st) => ({
      id: `s:${st.stage}`,
      group: 'Stages' as const,
      label: `${st.stage} · ${st.name}`,
      hint: `hours ${st.hours}`,
      run: (x: Store) => x.navigate({ screen: 'stage', stage: st.stage }),
    })),
  ]
  const checks: PaletteEntry[] = info.checks.map((c) => ({
    id: `c:${c.id}`,
    group: 'Checks',
    label: c.name,
    hint: `${c.id} · stage ${c.stage}`,
    run: (x) => x.navigate({ screen: 'stage', stage: c.stage as Stage }),
  }))
  const deliverables: PaletteEntry[] = info.deliverables.map((d) => ({
    id: `d:${d.id}`,
    group: 'Deliverables',
    label: d.title,
    hint: `stage ${d.stage}`,
    run: (x) => {
      x.navigate({ screen: 'deliverables' })
      requestAnimationFrame(() => document.getElementById(`d-${d.id}`)?.scrollIntoView({ block: 'start' }))
    },
  }))
  const runs: PaletteEntry[] = [...(s.history?.runs ?? [])].reverse().map((r) => ({
    id: `r:${r.id}`,
    group: 'Runs',
    label: `Run ${shortRun(r.id)} · ${when(r.startedAt)}`,
    hint: `${r.scope}${r.baseline ? ' · baseline' : ''} · ${r.counts.fail} fail`,
    run: (x) => x.navigate({ screen: 'run', run: r.id }),
  }))
  return [...actions, ...stages, ...checks, ...deliverables, ...runs]
}

/** Entries whose label or hint holds every word of `query` (any case); all of them for an empty query. */
export function matchEntries(entries: PaletteEntry[], query: string, max = 40): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const found = words.length
    ? entries.filter((e) => {
        const text = `${e.label} ${e.hint ?? ''} ${e.group}`.toLowerCase()
        return words.every((w) => text.includes(w))
      })
    : entries.filter((e) => e.group === 'Actions' || e.group === 'Stages')
  return found.slice(0, max)
}

const GROUPS: PaletteEntry['group'][] = ['Actions', 'Stages', 'Checks', 'Deliverables', 'Runs']

/** The palette's dialog; opened from the popup stack (kind `palette`). */
export function Palette() {
  const { open, close } = useStore(
    useShallow((s) => ({ open: s.popup?.kind === 'palette', close: s.closePopup })),
  )
  const dialog = useDialogStore({ open, setOpen: (o) => (o ? undefined : close()) })
  const [query, setQuery] = useState('')
  // The entries follow what they are built from; the store's actions are read when one runs.
  const inputs = useStore(
    useShallow((s) => ({
      info: s.info,
      ws: s.workspace,
      history: s.history,
      theme: s.theme,
      running: isRunning(s),
    })),
  )
  const entries = useMemo(() => (open && inputs ? paletteEntries(useStore.getState()) : []), [open, inputs])
  const shown = useMemo(() => matchEntries(entries, query), [entries, query])
  const pick = (e: PaletteEntry) => {
    close()
    e.run(useStore.getState())
  }
  return (
    <Dialog
      store={dialog}
      className="dialog palette"
      backdrop={<div className="dialog-backdrop" />}
      unmountOnHide
      aria-labelledby="palette-h"
    >
      <ComboboxProvider
        disclosure={dialog}
        focusLoop={false}
        includesBaseElement={false}
        resetValueOnHide
        setValue={(v) => startTransition(() => setQuery(v))}
      >
        <DialogHeading id="palette-h" className="visually-hidden">
          Go to or do
        </DialogHeading>
        <PaletteInput entries={entries} onPick={(e) => pick(e)} />
        <ComboboxList className="palette-list" aria-label="Matches">
          {shown.length === 0 ? <p className="muted palette-empty">Nothing matches “{query}”.</p> : null}
          {GROUPS.map((g) => {
            const items = shown.filter((e) => e.group === g)
            if (items.length === 0) return null
            return (
              <ComboboxGroup key={g} className="palette-group">
                <ComboboxGroupLabel className="palette-group-label">{g}</ComboboxGroupLabel>
                {items.map((e) => (
                  <ComboboxItem
                    key={e.id}
                    className="palette-item"
                    value={e.id}
                    setValueOnClick={false}
                    onClick={() => pick(e)}
                  >
                    <span className="palette-label">{e.label}</span>
                    {e.hint ? <span className="palette-hint">{e.hint}</span> : null}
                  </ComboboxItem>
                ))}
              </ComboboxGroup>
            )
          })}
        </ComboboxList>
      </ComboboxProvider>
    </Dialog>
  )
}

/**
 * The palette's search box. The list follows the query in a transition, so for a moment after a key the list (and the
 * entry Ariakit has active) can still be the one for the previous query; Enter then acts on the entries that match
 * what is typed now: the active one if it matches, else the first match — never a stale entry such as "Run the full
 * audit", the first of the empty query.
 */
function PaletteInput({ entries, onPick }: { entries: PaletteEntry[]; onPick(e: PaletteEntry): void }) {
  const combobox = useComboboxContext()
  const onEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing || !combobox) return
    // Ariakit's own Enter (a click on its active item) does not run once this one has been handled.
    event.preventDefault()
    const matches = matchEntries(entries, event.currentTarget.value)
    const activeValue = combobox.item(combobox.getState().activeId)?.value
    const entry = matches.find((e) => e.id === activeValue) ?? matches[0]
    if (entry) onPick(entry)
  }
  return (
    <Combobox
      autoSelect
      className="palette-input"
      placeholder="Go to a stage, check, deliverable or run, or do an action…"
      aria-label="Go to or do"
      onKeyDownCapture={onEnter}
    />
  )
}
