/**
 * The usage chart: an inline SVG bar chart (events per bucket, failures stacked in red), drawn on the server so
 * the page works offline, without JavaScript or a charting library from a CDN.
 */
import { html, joinHtml, type Html } from './html';

export interface UsagePoint {
  start: number;
  events: number;
  failures: number;
}

export interface ChartOptions {
  width?: number;
  height?: number;
  /** Bucket length in ms (an hour, a day), so empty buckets show as gaps, not as missing time. */
  bucketMs: number;
  from: number;
  to: number;
  title: string;
}

const PAD = { left: 44, right: 8, top: 26, bottom: 28 };

/** 1, 2, 5 × 10^n: a tick step that gives about `count` ticks up to `max`. */
export function niceStep(max: number, count = 4): number {
  if (max <= 0) return 1;
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return Math.max(step, 1);
}

function label(ms: number, bucketMs: number): string {
  const iso = new Date(ms).toISOString();
  return bucketMs >= 86_400_000 ? iso.slice(5, 10) : iso.slice(5, 10) + ' ' + iso.slice(11, 16);
}

export function usageChart(points: readonly UsagePoint[], options: ChartOptions): Html {
  const width = options.width ?? 720;
  const height = options.height ?? 220;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const first = Math.floor(options.from / options.bucketMs) * options.bucketMs;
  const buckets = Math.max(1, Math.ceil((options.to - first) / options.bucketMs));
  const max = Math.max(1, ...points.map((p) => p.events));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const barW = plotW / buckets;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const total = points.reduce((s, p) => s + p.events, 0);
  const failed = points.reduce((s, p) => s + p.failures, 0);

  const ticks = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  const labelEvery = Math.max(1, Math.ceil(buckets / 6));

  const bars = points
    .filter((p) => p.start >= first && p.start < first + buckets * options.bucketMs)
    .map((p) => {
      const x = PAD.left + ((p.start - first) / options.bucketMs) * barW;
      const w = Math.max(1, barW - 1);
      // Failures at the bottom in red, the rest of the bucket's events above them in blue.
      return html`<g class="bar"
        ><title>${label(p.start, options.bucketMs)}: ${p.events} events, ${p.failures} failed</title
        ><rect
          x="${x.toFixed(1)}"
          y="${y(p.events).toFixed(1)}"
          width="${w.toFixed(1)}"
          height="${(y(p.failures) - y(p.events)).toFixed(1)}"
          fill="#3b82f6" /><rect
          x="${x.toFixed(1)}"
          y="${y(p.failures).toFixed(1)}"
          width="${w.toFixed(1)}"
          height="${(y(0) - y(p.failures)).toFixed(1)}"
          fill="#dc2626"
      /></g>`;
    });

  return html`<svg
    class="chart"
    role="img"
    xmlns="http://www.w3.org/2000/svg"
    width="${width}"
    height="${height}"
    viewBox="0 0 ${width} ${height}"
    aria-label="${options.title}: ${total} events, ${failed} failed"
  >
    <text x="${PAD.left}" y="13" font-size="12" fill="#334155">
      ${options.title} — ${total} events, ${failed} failed
    </text>
    ${joinHtml(
      ticks.map(
        (v) =>
          html`<line
              x1="${PAD.left}"
              x2="${width - PAD.right}"
              y1="${y(v).toFixed(1)}"
              y2="${y(v).toFixed(1)}"
              stroke="#e2e8f0"
            /><text x="${PAD.left - 4}" y="${(y(v) + 4).toFixed(1)}" font-size="10" text-anchor="end" fill="#64748b"
              >${v}</text
            >`,
      ),
    )}
    ${bars}
    ${joinHtml(
      Array.from({ length: buckets }, (_, i) => i)
        .filter((i) => i % labelEvery === 0)
        .map(
          (i) =>
            html`<text x="${(PAD.left + i * barW).toFixed(1)}" y="${height - 10}" font-size="10" fill="#64748b"
              >${label(first + i * options.bucketMs, options.bucketMs)}</text
            >`,
        ),
    )}
  </svg>`;
}
