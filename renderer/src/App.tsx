// The frame: title bar (engagement · run · verdict · theme), the rail (overview, seven stages, the rest), the
// screen, and the status footer. Two people use it: the consultant's sprint above, the founder's review below.
import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Stage } from '../../src/core/types'
import { Announcer } from './components/Announcer'
import { Dialogs } from './components/Dialogs'
import { shortRun, when } from './components/format'
import { Icon, type IconName } from './components/Icon'
import { Palette } from './components/Palette'
import { Credentials } from './screens/Credentials'
import { Deliverables } from './screens/Deliverables'
import { Overview } from './screens/Overview'
import { PackExport } from './screens/PackExport'
import { Register } from './screens/Register'
import { Regressions } from './screens/Regressions'
import { RunScreen } from './screens/Run'
import { Setup } from './screens/Setup'
import { StageScreen } from './screens/Stage'
import { Verify } from './screens/Verify'
import { useStore } from './store'
import { hashToRoute, type Route } from './store/types'

function TitleBar() {
  const { ws, report, theme, setTheme, navigate, setDemoMode } = useStore(
    useShallow((s) => ({
      ws: s.workspace,
      report: s.report,
      theme: s.theme,
      setTheme: s.setTheme,
      navigate: s.navigate,
      setDemoMode: s.setDemoMode,
    })),
  )
  const latest = ws?.runs.find((r) => r.id === ws.latest)
  return (
    <header className="titlebar">
      <div className="brand" aria-label="Handover">
        <span className="brand-mark" aria-hidden="true">
          H
        </span>
        <span className="brand-name">Handover</span>
      </div>
      <div className="titlebar-engagement">
        <span className="titlebar-name">{ws?.name ?? 'No engagement open'}</span>
        {ws?.client ? <span className="titlebar-client">{ws.client}</span> : null}
        {ws?.demo ? (
          <button
            type="button"
            className="chip chip--demo"
            onClick={() => void setDemoMode(ws.demo!.mode === 'flawed' ? 'fixed' : 'flawed')}
            title="Switch the demo lab between the flawed and the repaired portal"
          >
            Demo lab · {ws.demo.mode === 'flawed' ? 'flawed portal' : 'repaired portal'} — switch
          </button>
        ) : null}
      </div>
      <div className="titlebar-run">
        {latest ? (
          <span>
            Run {shortRun(latest.id)} · {when(latest.startedAt)}
          </span>
        ) : null}
        {report ? (
          <button
            type="button"
            className={`verdict-chip ${report.cover.launchReady ? 'verdict-chip--ready' : 'verdict-chip--blocked'}`}
            onClick={() => navigate({ screen: 'register' })}
            title="Open the launch block list"
          >
            {report.cover.verdict}
          </button>
        ) : null}
      </div>
      <button
        type="button"
        className="palette-button"
        onClick={() => useStore.getState().openPopup({ kind: 'palette' })}
        aria-keyshortcuts="Control+K Meta+K"
      >
        Go to… <kbd>Ctrl K</kbd>
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        aria-label={theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'}
      >
        <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
      </button>
    </header>
  )
}

function RailLink({
  route,
  label,
  icon,
  current,
  extra,
}: {
  route: Route
  label: string
  icon?: IconName
  current: boolean
  extra?: React.ReactNode
}) {
  const navigate = useStore((s) => s.navigate)
  return (
    <li>
      <a
        href={`#/${route.screen}${route.stage ? `/${route.stage}` : ''}`}
        className="rail-link"
        aria-current={current ? 'page' : undefined}
        onClick={(e) => {
          e.preventDefault()
          navigate(route)
        }}
      >
        {icon ? <Icon name={icon} /> : null}
        <span className="rail-label">{label}</span>
        {extra}
      </a>
    </li>
  )
}

function StageRing({ done, total }: { done: number; total: number }) {
  const r = 7
  const c = 2 * Math.PI * r
  const part = total > 0 ? done / total : 0
  return (
    <svg className="ring" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
      <circle cx="9" cy="9" r={r} className="ring-track" />
      <circle
        cx="9"
        cy="9"
        r={r}
        className="ring-value"
        strokeDasharray={`${part * c} ${c}`}
        transform="rotate(-90 9 9)"
      />
    </svg>
  )
}

function Rail() {
  const { info, route, ws, runs, report, diff } = useStore(
    useShallow((s) => ({
      info: s.info,
      route: s.route,
      ws: s.workspace,
      runs: s.runs,
      report: s.report,
      diff: s.diff,
    })),
  )
  const stageStats = (stage: Stage): { done: number; total: number; blockers: number } => {
    const checks = info?.checks.filter((c) => c.stage === stage) ?? []
    const id = ws?.latestByStage[stage]
    const run = id ? runs[id] : undefined
    const results = run?.results.filter((r) => r.stage === stage) ?? []
    const answered = new Set(results.filter((r) => r.status !== 'manual').map((r) => r.check))
    const blockers = report?.blockers.items.filter((b) => b.stage === stage).length ?? 0
    return { done: checks.filter((c) => answered.has(c.id)).length, total: checks.length, blockers }
  }
  const regressed = diff?.diff.counts.regressed ?? 0
  return (
    <nav className="rail" aria-label="Sprint">
      <p className="rail-heading">The sprint</p>
      <ul>
        <RailLink
          route={{ screen: 'overview' }}
          label="Overview"
          icon="overview"
          current={route.screen === 'overview'}
        />
        {info?.stages.map((s) => {
          const st = stageStats(s.stage)
          return (
            <RailLink
              key={s.stage}
              route={{ screen: 'stage', stage: s.stage }}
              label={`${s.stage} · ${s.name}`}
              current={route.screen === 'stage' && route.stage === s.stage}
              extra={
                <span className="rail-meta">
                  <span className="rail-hours">h {s.hours.replace(/–/g, '–')}</span>
                  {st.blockers > 0 ? (
                    <span className="rail-blockers">
                      {st.blockers}
                      <span className="visually-hidden"> blockers</span>
                    </span>
                  ) : null}
                  <StageRing done={st.done} total={st.total} />
                </span>
              }
            />
          )
        })}
      </ul>
      <p className="rail-heading">Handover</p>
      <ul>
        <RailLink
          route={{ screen: 'register' }}
          label="Risk register"
          icon="register"
          current={route.screen === 'register'}
        />
        <RailLink
          route={{ screen: 'regressions' }}
          label="Regressions"
          icon="regressions"
          current={route.screen === 'regressions'}
          extra={
            regressed > 0 ? (
              <span className="rail-blockers">
                {regressed}
                <span className="visually-hidden"> regressed</span>
              </span>
            ) : null
          }
        />
        <RailLink
          route={{ screen: 'deliverables' }}
          label="Deliverables"
          icon="deliverables"
          current={route.screen === 'deliverables'}
        />
        <RailLink
          route={{ screen: 'pack' }}
          label="Handover pack"
          icon="pack"
          current={route.screen === 'pack'}
        />
        <RailLink
          route={{ screen: 'credentials' }}
          label="Credentials"
          icon="credentials"
          current={route.screen === 'credentials'}
        />
        <RailLink
          route={{ screen: 'setup' }}
          label="Engagement"
          icon="setup"
          current={route.screen === 'setup'}
        />
      </ul>
      <p className="rail-heading">Founder's review</p>
      <ul>
        <RailLink
          route={{ screen: 'verify' }}
          label="Verify a pack"
          icon="verify"
          current={route.screen === 'verify'}
        />
      </ul>
    </nav>
  )
}

function Footer() {
  const { ws, audit } = useStore(useShallow((s) => ({ ws: s.workspace, audit: s.audit })))
  const latest = ws?.runs.find((r) => r.id === ws.latest)
  return (
    <footer className="statusbar">
      {audit && audit.phase !== 'finished' ? (
        <span>
          Running {audit.stages ? `stage ${audit.stages.join(', ')}` : 'the full audit'} · {audit.done} of{' '}
          {audit.total} probes
        </span>
      ) : latest ? (
        <span>
          {latest.counts.fail} fail · {latest.counts.warn} warn · {latest.counts.error} error ·{' '}
          {latest.counts.manual} manual · {latest.counts.pass} pass
        </span>
      ) : (
        <span>No run yet</span>
      )}
      <span className="statusbar-dir" title={ws?.dir}>
        {ws?.dir ?? ''}
      </span>
    </footer>
  )
}

function Screen() {
  const route = useStore((s) => s.route)
  switch (route.screen) {
    case 'stage':
      return <StageScreen stage={route.stage ?? 1} />
    case 'register':
      return <Register />
    case 'regressions':
      return <Regressions />
    case 'deliverables':
      return <Deliverables />
    case 'pack':
      return <PackExport />
    case 'verify':
      return <Verify />
    case 'credentials':
      return <Credentials />
    case 'setup':
      return <Setup />
    case 'run':
      return route.run ? (
        <RunScreen runId={route.run} {...(route.finding ? { finding: route.finding } : {})} />
      ) : (
        <Overview />
      )
    default:
      return <Overview />
  }
}

/** The whole app. */
export function App() {
  const { boot, subscribe, fatal, info, setTheme } = useStore(
    useShallow((s) => ({
      boot: s.boot,
      subscribe: s.subscribe,
      fatal: s.fatal,
      info: s.info,
      setTheme: s.setTheme,
    })),
  )
  useEffect(() => {
    let saved: string | null = null
    try {
      saved = localStorage.getItem('handover-theme')
    } catch {
      // no storage: follow the system
    }
    setTheme(
      saved === 'dark' || saved === 'light'
        ? saved
        : matchMedia('(prefers-color-scheme: dark)').matches
          ? 'dark'
          : 'light',
    )
    useStore.setState({ route: hashToRoute(location.hash) })
    const onPop = (): void => useStore.setState({ route: hashToRoute(location.hash) })
    addEventListener('popstate', onPop)
    const off = subscribe()
    void boot()
    // ⌘K / Ctrl+K opens the command palette from anywhere (again: closes it).
    const onKey = (e: KeyboardEvent): void => {
      if (e.key.toLowerCase() !== 'k' || !(e.metaKey || e.ctrlKey) || e.altKey || e.shiftKey) return
      e.preventDefault()
      const s = useStore.getState()
      if (s.popup?.kind === 'palette') s.closePopup()
      else if (!s.popup) s.openPopup({ kind: 'palette' })
    }
    addEventListener('keydown', onKey)
    return () => {
      removeEventListener('keydown', onKey)
      removeEventListener('popstate', onPop)
      off()
    }
  }, [boot, subscribe, setTheme])
  if (fatal)
    return (
      <main className="fatal">
        <h1>Handover</h1>
        <p role="alert">{fatal}</p>
      </main>
    )
  return (
    <div className="app" aria-busy={info ? undefined : true}>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <TitleBar />
      <Rail />
      <main id="content" className="content" tabIndex={0}>
        {info ? <Screen /> : <p className="muted">Loading…</p>}
      </main>
      <Footer />
      <Announcer />
      <Dialogs />
      <Palette />
    </div>
  )
}
