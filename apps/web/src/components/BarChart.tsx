/** A small horizontal bar chart in SVG; the numbers it draws are also in the table beside it. */
export function BarChart({ title, bars, unit }: { title: string; bars: readonly { label: string; value: number; tone?: 'warn' }[]; unit: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowHeight = 22;
  const labelWidth = 90;
  const width = 320;
  const height = Math.max(rowHeight, bars.length * rowHeight);
  const summary = bars.map((b) => `${b.label}: ${b.value} ${unit}`).join('; ');
  return (
    <figure className="lrr-chart">
      <svg role="img" aria-label={`${title}. ${summary}`} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
        {bars.map((bar, i) => {
          const length = Math.max(2, ((width - labelWidth - 50) * bar.value) / max);
          return (
            <g key={bar.label} transform={`translate(0, ${i * rowHeight})`}>
              <text x={0} y={15} fontSize={12} fill="#1b1b1b">
                {bar.label.length > 13 ? `${bar.label.slice(0, 12)}…` : bar.label}
              </text>
              <rect x={labelWidth} y={4} width={length} height={14} rx={2} fill={bar.tone === 'warn' ? '#b50909' : '#005ea2'} />
              <text x={labelWidth + length + 4} y={15} fontSize={12} fill="#1b1b1b">
                {bar.value}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="font-sans-3xs lrr-muted">{title}</figcaption>
    </figure>
  );
}
