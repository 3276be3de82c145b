// The 48-hour clock: the brief's six windows as a band, a "now" marker from the sprint's start, and the same
// facts as text.
import type { TimelineWindow } from '../../../src/report/model/types'

type Window = Omit<TimelineWindow, 'runs'>

/** Hours since the sprint started (the first run), or undefined before any run. */
export function sprintHour(start: string | undefined, now: number): number | undefined {
  if (!start) return undefined
  return Math.max(0, (now - Date.parse(start)) / 3_600_000)
}

/** The band with its marker. */
export function SprintClock({ windows, hour }: { windows: Window[]; hour: number | undefined }) {
  const width = 1000
  const x = (h: number): number => (Math.min(h, 48) / 48) * width
  const current = hour === undefined ? undefined : windows.find((w) => hour >= w.from && hour < w.to)
  return (
    <div className="clock">
      <svg
        viewBox={`0 0 ${width} 56`}
        width="100%"
        role="img"
        aria-label={
          hour === undefined ? 'The clock starts with the first run' : `Hour ${Math.floor(hour)} of 48`
        }
      >
        {windows.map((w) => (
          <g key={w.from}>
            <rect
              x={x(w.from) + 1}
              y={8}
              width={x(w.to) - x(w.from) - 2}
              height={26}
              rx={4}
              className={w === current ? 'clock-window clock-window--now' : 'clock-window'}
            />
            <text x={(x(w.from) + x(w.to)) / 2} y={25} textAnchor="middle" className="clock-label">
              {w.from}–{w.to}
            </text>
          </g>
        ))}
        {hour !== undefined ? (
          <g>
            <line x1={x(hour)} x2={x(hour)} y1={2} y2={42} className="clock-now" />
            <text x={Math.min(x(hour) + 4, width - 60)} y={54} className="clock-now-label">
              now · h {Math.floor(hour)}
            </text>
          </g>
        ) : null}
      </svg>
    </div>
  )
}
