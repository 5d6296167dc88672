import { describe, expect, it } from 'vitest';
import { html, joinHtml, queryString, raw, utc } from './html';

describe('html', () => {
  it('escapes every interpolated value, including nested arrays', () => {
    const hostile = `<script>alert("x")</script>' onmouseover='y`;
    const out = html`<p title="${hostile}">${hostile}${[hostile, 1]}</p>`.text;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain(`"x"`);
    expect(out).not.toContain(`' onmouseover='`);
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y');
  });

  it('keeps markup built by html/raw/joinHtml and drops null, undefined and false', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(html`<i>${inner}${raw('<br>')}${null}${undefined}${false}</i>`.text).toBe('<i><b>a&amp;b</b><br></i>');
    expect(joinHtml(['<', html`<hr />`], '|').text).toBe('&lt;|<hr />');
  });

  it('builds query strings from defined values only', () => {
    expect(queryString({ a: 'x y', b: undefined, c: '', d: ['1', '2'], e: 3 })).toBe('?a=x+y&d=1&d=2&e=3');
    expect(queryString({})).toBe('');
  });

  it('shows times in UTC', () => {
    expect(utc(Date.UTC(2026, 2, 1, 12, 0, 5))).toBe('2026-03-01 12:00:05 UTC');
    expect(utc(undefined)).toBe('—');
  });
});
