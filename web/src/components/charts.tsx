// Plain SVG charts (no chart library): vertical bars over days, and horizontal bars for a breakdown.
import { formatDay } from '../lib/format'
import { niceAxisTop, tickLabelRoom } from '../lib/chart-axis'

const palette = ['#2756c5', '#1b7f4b', '#b45309', '#7c3aed', '#b42318', '#0e7490', '#4d7c0f', '#be185d']
export const seriesColor = (index: number) => palette[index % palette.length]

export function DailyBarChart({
  title,
  days,
  value,
  format,
}: {
  title: string
  days: Array<{ day: string; value: number }>
  value?: string
  format: (n: number) => string
}) {
  const width = 640
  const height = 200
  const max = niceAxisTop(Math.max(...days.map((d) => d.value), 0))
  const ticks = [0, 0.5, 1].map((f) => ({ f, label: format(max * f) }))
  const pad = { left: tickLabelRoom(ticks.map((t) => t.label)), right: 8, top: 12, bottom: 28 }
  const slot = (width - pad.left - pad.right) / Math.max(days.length, 1)
  const barWidth = Math.max(2, Math.min(36, slot * 0.7))
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max)
  const labelEvery = Math.ceil(days.length / 8)
  return (
    <figure className="chart-figure">
      <figcaption>
        <strong>{title}</strong> {value && <span className="meta">{value}</span>}
      </figcaption>
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}: ${days.map((d) => `${d.day} ${format(d.value)}`).join(', ')}`}
      >
        {ticks.map(({ f, label }) => (
          <g key={f}>
            <line x1={pad.left} x2={width - pad.right} y1={y(max * f)} y2={y(max * f)} stroke="#e3e7ed" />
            <text x={pad.left - 6} y={y(max * f) + 4} textAnchor="end">
              {label}
            </text>
          </g>
        ))}
        {days.map((d, i) => (
          <g key={d.day}>
            <rect
              x={pad.left + slot * i + (slot - barWidth) / 2}
              y={y(d.value)}
              width={barWidth}
              height={Math.max(0, height - pad.bottom - y(d.value))}
              fill={seriesColor(0)}
            >
              <title>
                {d.day}: {format(d.value)}
              </title>
            </rect>
            {i % labelEvery === 0 && (
              <text x={pad.left + slot * i + slot / 2} y={height - 10} textAnchor="middle">
                {formatDay(d.day)}
              </text>
            )}
          </g>
        ))}
      </svg>
    </figure>
  )
}

export function BreakdownChart({
  title,
  rows,
  format,
}: {
  title: string
  rows: Array<{ label: string; value: number }>
  format: (n: number) => string
}) {
  const width = 640
  const rowHeight = 26
  const labelWidth = 180
  const height = Math.max(rowHeight, rows.length * rowHeight) + 8
  const max = Math.max(...rows.map((r) => r.value), 0) || 1
  return (
    <figure className="chart-figure">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}: ${rows.map((r) => `${r.label} ${format(r.value)}`).join(', ')}`}
      >
        {rows.map((r, i) => {
          const barWidth = ((width - labelWidth - 90) * r.value) / max
          return (
            <g key={r.label} transform={`translate(0, ${4 + i * rowHeight})`}>
              <text x={labelWidth - 8} y={16} textAnchor="end">
                {r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label}
              </text>
              <rect x={labelWidth} y={4} width={Math.max(1, barWidth)} height={rowHeight - 10} fill={seriesColor(i)} />
              <text x={labelWidth + barWidth + 6} y={16}>
                {format(r.value)}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}
