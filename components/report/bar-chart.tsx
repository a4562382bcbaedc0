import { scaleBand, scaleLinear } from 'd3-scale'

export type Series = { key: string; label: string; className: string }

/**
 * Grouped bars as server-rendered SVG (it prints, and needs no script): d3-scale places the
 * bands and heights. The numbers are in the table beside it; the SVG has a text summary for
 * screen readers, and each series a pattern-free fill plus its name in the legend (never colour
 * alone: the table names every figure).
 */
export function BarChart({ title, groups, series, data }: { title: string; groups: string[]; series: Series[]; data: ReadonlyArray<Record<string, number | string>> }) {
  const width = 560
  const height = 220
  const margin = { top: 12, right: 8, bottom: 36, left: 36 }
  const value = (d: Record<string, number | string> | undefined, key: string) => Number(d?.[key] ?? 0) || 0
  const max = Math.max(1, ...data.flatMap((d) => series.map((s) => value(d, s.key))))
  const x = scaleBand<string>().domain(groups).range([margin.left, width - margin.right]).padding(0.2)
  const inner = scaleBand<string>().domain(series.map((s) => s.key)).range([0, x.bandwidth()]).padding(0.1)
  const y = scaleLinear().domain([0, max]).nice().range([height - margin.bottom, margin.top])
  // Counts: whole-number ticks only.
  const ticks = y.ticks(Math.min(4, max)).filter((t) => Number.isInteger(t))
  const summary = `${title}: ${groups.map((g, i) => `${g} ${series.map((s) => `${value(data[i], s.key)} ${s.label.toLowerCase()}`).join(', ')}`).join('; ')}.`
  return (
    <figure className="min-w-0">
      <svg viewBox={`0 0 ${width} ${height}`} className="w-full max-w-xl" role="img" aria-label={summary}>
        <title>{summary}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={margin.left} x2={width - margin.right} y1={y(t)} y2={y(t)} className="stroke-stone-200" />
            <text x={margin.left - 6} y={y(t)} dy="0.32em" textAnchor="end" className="fill-stone-500 text-[10px]">
              {t}
            </text>
          </g>
        ))}
        {groups.map((g, i) => (
          <g key={g} transform={`translate(${x(g)},0)`}>
            {series.map((s) => {
              const v = value(data[i], s.key)
              return <rect key={s.key} x={inner(s.key)} y={y(v)} width={inner.bandwidth()} height={y(0) - y(v)} className={s.className} />
            })}
            <text x={x.bandwidth() / 2} y={height - margin.bottom + 14} textAnchor="middle" className="fill-stone-700 text-[11px]">
              {g}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-stone-600">
        {series.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" className={s.className} />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  )
}
