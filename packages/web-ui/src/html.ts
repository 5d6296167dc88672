/**
 * Server-side HTML with escaping by construction: `html` escapes every interpolated value unless it is itself
 * `Html` (built by `html`, `raw` or `join`). Alert titles, explanations, user agents and evidence come from
 * events an attacker can shape, so nothing reaches a page unescaped.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Trusted markup (constants in this package only). */
export const raw = (text: string) => new Html(text);

export function joinHtml(parts: readonly HtmlValue[], separator = ''): Html {
  return new Html(parts.map(render).join(separator));
}

/** A query string from defined values only, e.g. for links that keep the current filters. */
export function queryString(params: Record<string, string | number | undefined | readonly string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) search.append(key, v);
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Epoch ms as "2026-03-01 12:00:00 UTC": security teams compare times across systems in UTC. */
export function utc(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}
