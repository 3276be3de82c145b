// The latency histogram with the 300 ms target line, shown when monitoring has sampled core reads.
import { scaleBand, scaleLinear } from '@visx/scale'
import { Bar } from '@visx/shape'

const TARGET_MS = 300

/** Buckets samples into 50 ms bins up to the slowest one. */
export function histogram(samples: readonly number[]): { from: number; to: number; count: number }[] {
  const width = 50
  const top = Math.max(TARGET_MS + width, Math.ceil(Math.max(...samples) / width) * width)
  const bins = Array.from({ length: top / width }, (_, i) => ({
    from: i * width,
    to: (i + 1) * width,
    count: 0,
  }))
  for (const s of samples) bins[Math.min(bins.length - 1, Math.floor(s / width))]!.count++
  return bins
}

/** The p-th percentile (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

/** The chart, its caption with p95, and a table of the bins. */
export function LatencyHistogram({ samples, label }: { samples: number[]; label: string }) {
  const bins = histogram(samples)
  const width = 560
  const height = 160
  const x = scaleBand<number>({ domain: bins.map((b) => b.from), range: [30, width - 10], padding: 0.1 })
  const y = scaleLinear<number>({
    domain: [0, Math.max(...bins.map((b) => b.count), 1)],
    range: [height - 24, 8],
  })
  const p95 = percentile(samples, 95)
  const lineX = (x(TARGET_MS) ?? 0) - (x.step() * x.padding()) / 2
  return (
    <figure className="chart">
      <figcaption className="chart-caption">
        <span>
          {label}: p95 {Math.round(p95)} ms over {samples.length} samples (
          {p95 < TARGET_MS ? 'under' : 'over'} the 300 ms target)
        </span>
      </figcaption>
      <svg
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Latency histogram, p95 ${Math.round(p95)} milliseconds`}
      >
        {bins.map((b) => (
          <Bar
            key={b.from}
            x={x(b.from)}
            y={y(b.count)}
            width={x.bandwidth()}
            height={height - 24 - y(b.count)}
            className={b.from >= TARGET_MS ? 'bar bar--high' : 'bar bar--accent'}
          />
        ))}
        <line x1={lineX} x2={lineX} y1={4} y2={height - 24} className="target-line" />
        <text x={lineX + 4} y={14} className="axis-label">
          300 ms target
        </text>
        {bins
          .filter((_, i) => i % 2 === 0)
          .map((b) => (
            <text key={b.from} x={x(b.from) ?? 0} y={height - 8} className="axis-label">
              {b.from}
            </text>
          ))}
      </svg>
      <details className="chart-table">
        <summary>Show as table</summary>
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Latency</th>
              <th scope="col" className="num">
                Requests
              </th>
            </tr>
          </thead>
          <tbody>
            {bins.map((b) => (
              <tr key={b.from}>
                <td>
                  {b.from}–{b.to} ms
                </td>
                <td className="num">{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
