// Findings by stage and severity: horizontal stacked bars with direct count labels, and the same numbers as a
// table (a chart alone is blank to a screen reader).
import { useState } from 'react'
import { Group } from '@visx/group'
import { scaleBand, scaleLinear } from '@visx/scale'
import { BarStackHorizontal } from '@visx/shape'
import type { Severity } from '../../../src/core/types'

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info']

/** One stage's counts by severity. */
export type StageCounts = { stage: string; label: string } & Record<Severity, number>

/** The chart with a "Show as table" switch. */
export function FindingsByStage({ data }: { data: StageCounts[] }) {
  const [table, setTable] = useState(false)
  const width = 560
  const rowH = 26
  const left = 170
  const height = data.length * rowH + 8
  const max = Math.max(1, ...data.map((d) => SEVERITIES.reduce((n, s) => n + d[s], 0)))
  const y = scaleBand<string>({ domain: data.map((d) => d.stage), range: [0, height - 8], padding: 0.25 })
  const x = scaleLinear<number>({ domain: [0, max], range: [0, width - left - 40] })
  return (
    <figure className="chart">
      <figcaption className="chart-caption">
        <span>Open findings by stage and severity</span>
        <button type="button" className="link-button" aria-pressed={table} onClick={() => setTable(!table)}>
          {table ? 'Show as chart' : 'Show as table'}
        </button>
      </figcaption>
      {table ? (
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              {SEVERITIES.map((s) => (
                <th scope="col" key={s} className="num">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.stage}>
                <th scope="row">{d.label}</th>
                {SEVERITIES.map((s) => (
                  <td key={s} className="num">
                    {d[s]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <svg
          width="100%"
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label="Open findings by stage and severity; use Show as table for the numbers"
        >
          <Group left={left}>
            <BarStackHorizontal<StageCounts, Severity>
              data={data}
              keys={SEVERITIES}
              height={height}
              y={(d) => d.stage}
              xScale={x}
              yScale={y}
              color={(k) => k}
            >
              {(stacks) =>
                stacks.map((stack) =>
                  stack.bars.map((bar) =>
                    bar.width > 0 ? (
                      <g key={`${stack.key}-${bar.index}`}>
                        <rect
                          x={bar.x}
                          y={bar.y}
                          width={bar.width}
                          height={bar.height}
                          className={`bar bar--${stack.key}`}
                        />
                        {bar.width > 16 ? (
                          <text
                            x={bar.x + bar.width / 2}
                            y={bar.y + bar.height / 2}
                            className={`bar-label bar-label--${stack.key}`}
                            dy="0.35em"
                            textAnchor="middle"
                          >
                            {bar.bar.data[stack.key]}
                          </text>
                        ) : null}
                      </g>
                    ) : null,
                  ),
                )
              }
            </BarStackHorizontal>
          </Group>
          {data.map((d) => (
            <text
              key={d.stage}
              x={left - 10}
              y={(y(d.stage) ?? 0) + y.bandwidth() / 2}
              dy="0.35em"
              textAnchor="end"
              className="axis-label"
            >
              {d.label}
            </text>
          ))}
          {data.map((d) => {
            const total = SEVERITIES.reduce((n, s) => n + d[s], 0)
            return (
              <text
                key={`t${d.stage}`}
                x={left + x(total) + 6}
                y={(y(d.stage) ?? 0) + y.bandwidth() / 2}
                dy="0.35em"
                className="axis-label"
              >
                {total}
              </text>
            )
          })}
        </svg>
      )}
      <ul className="legend" aria-hidden={table}>
        {SEVERITIES.map((s) => (
          <li key={s}>
            <span className={`swatch bar--${s}`} /> {s}
          </li>
        ))}
      </ul>
    </figure>
  )
}
