import { ALERT_STATUSES, DETECTOR_IDS, SEVERITIES } from '@tokenwatch/schema';
import { usageChart } from './chart';
import { html, joinHtml, queryString, utc, type Html } from './html';
import { severityBadge, statusBadge } from './layout';
import type { Alert, AlertAuditEntry, AlertFilters, Page, TimelineEvent, Token, Usage } from './views';

const DAY = 86_400_000;

function multiSelect(name: string, label: string, options: readonly string[], chosen: readonly string[]): Html {
  return html`<label
    >${label}<select name="${name}" multiple size="4">
      ${options.map(
        (o) => html`<option value="${o}" ${chosen.includes(o) ? html`selected` : ''}>${o.replace(/_/g, ' ')}</option>`,
      )}
    </select></label
  >`;
}

export function alertListBody(base: string, page: Page<Alert>, filters: AlertFilters, canTriage: boolean): Html {
  const current = {
    status: filters.status,
    severity: filters.severity,
    detector: filters.detector,
    token_id: filters.token_id,
  };
  const rows = page.items.map(
    (a) =>
      html`<tr data-alert-id="${a.alert_id}">
        <td>${severityBadge(a.severity)}</td>
        <td>${statusBadge(a.status)}</td>
        <td>
          <a href="${base}/alerts/${encodeURIComponent(a.alert_id)}">${a.title}</a>
          <div class="muted">${a.detector.replace(/_/g, ' ')}${a.count > 1 ? ` · ${a.count}×` : ''}</div>
        </td>
        <td><a class="mono" href="${base}/tokens/${encodeURIComponent(a.token_id)}">${a.token_id}</a></td>
        <td>${a.assignee ?? html`<span class="muted">—</span>`}</td>
        <td class="when">${utc(a.last_seen_at)}</td>
        <td>
          ${
            canTriage && a.status === 'open'
              ? html`<form
                  class="inline"
                  method="post"
                  action="${base}/alerts/${encodeURIComponent(a.alert_id)}/acknowledge"
                >
                  <input type="hidden" name="back" value="list${queryString(current)}" /><button
                    type="submit"
                    class="secondary"
                  >
                    Acknowledge
                  </button>
                </form>`
              : ''
          }
        </td>
      </tr>`,
  );
  return html`<h1>Alerts</h1>
    <form class="filters" method="get" action="${base}/alerts">
      ${multiSelect('status', 'Status', ALERT_STATUSES, filters.status)}
      ${multiSelect('severity', 'Severity', SEVERITIES, filters.severity)}
      ${multiSelect('detector', 'Detector', DETECTOR_IDS, filters.detector)}
      <label>Token<input name="token_id" value="${filters.token_id ?? ''}" placeholder="token id" /></label>
      <button type="submit">Filter</button>
      <a href="${base}/alerts?status=open">open only</a>
      <a href="${base}/alerts">all</a>
    </form>
    ${
      page.items.length === 0
        ? html`<p class="muted">No alerts match these filters.</p>`
        : html`<table class="alerts">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Status</th>
                <th>Alert</th>
                <th>Token</th>
                <th>Assignee</th>
                <th>Last seen</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
    }
    ${page.next_cursor ? html`<p class="pager"><a href="${base}/alerts${queryString({ ...current, cursor: page.next_cursor })}">Next page →</a></p>` : ''}`;
}

function evidenceValue(value: unknown): Html {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return html`${String(value)}`;
  return html`<code>${JSON.stringify(value)}</code>`;
}

function evidenceTable(title: string, values: Record<string, unknown> | undefined): Html {
  if (!values || Object.keys(values).length === 0) return html``;
  return html`<h2>${title}</h2>
    <table class="evidence">
      <tbody>
        ${Object.entries(values).map(
          ([k, v]) =>
            html`<tr>
              <th>${k.replace(/_/g, ' ')}</th>
              <td>${evidenceValue(v)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

export function alertDetailBody(base: string, alert: Alert, audit: AlertAuditEntry[], canTriage: boolean): Html {
  const id = encodeURIComponent(alert.alert_id);
  const action = (name: string) => `${base}/alerts/${id}/${name}`;
  const closed = alert.status === 'resolved' || alert.status === 'false_positive';
  const triage = html`<h2>Triage</h2>
    <div class="actions">
      ${alert.status === 'open' ? html`<form method="post" action="${action('acknowledge')}"><button type="submit" name="do" value="acknowledge">Acknowledge</button></form>` : ''}
      ${!closed ? html`<form method="post" action="${action('resolve')}"><input name="note" placeholder="resolution note" aria-label="resolution note" /><button type="submit">Resolve</button></form>` : ''}
      ${!closed ? html`<form method="post" action="${action('false_positive')}"><input name="note" placeholder="why it is benign" aria-label="false positive reason" /><button type="submit" class="danger">False positive</button></form>` : ''}
      ${closed ? html`<form method="post" action="${action('reopen')}"><input name="note" placeholder="why reopen" aria-label="reopen reason" /><button type="submit" class="secondary">Reopen</button></form>` : ''}
      <form method="post" action="${action('assign')}">
        <input
          name="assignee"
          required
          placeholder="assignee"
          aria-label="assignee"
          value="${alert.assignee ?? ''}"
        /><button type="submit" class="secondary">Assign</button>
      </form>
      <form method="post" action="${action('comment')}">
        <textarea name="note" required rows="2" cols="40" placeholder="comment" aria-label="comment"></textarea
        ><button type="submit" class="secondary">Comment</button>
      </form>
    </div>`;
  return html`<p><a href="${base}/alerts">← Alerts</a></p>
    <h1>${alert.title}</h1>
    <p>
      ${severityBadge(alert.severity)} ${statusBadge(alert.status)}
      <span class="muted">${alert.detector.replace(/_/g, ' ')}</span>
    </p>
    <div class="explanation">${alert.explanation}</div>
    <div class="grid">
      <div class="card">
        <dl class="facts">
          <dt>Token</dt>
          <dd><a class="mono" href="${base}/tokens/${encodeURIComponent(alert.token_id)}">${alert.token_id}</a></dd>
          ${
            alert.source
              ? html`<dt>Source</dt>
                  <dd>${alert.source}</dd>`
              : ''
          }
          ${
            alert.ip
              ? html`<dt>IP</dt>
                  <dd class="mono">${alert.ip}</dd>`
              : ''
          }
          ${
            alert.user_agent
              ? html`<dt>User agent</dt>
                  <dd class="mono">${alert.user_agent}</dd>`
              : ''
          }
          <dt>First seen</dt>
          <dd>${utc(alert.first_seen_at)}</dd>
          <dt>Last seen</dt>
          <dd>${utc(alert.last_seen_at)}</dd>
          <dt>Occurrences</dt>
          <dd>${alert.count}</dd>
          <dt>Assignee</dt>
          <dd>${alert.assignee ?? '—'}</dd>
          <dt>Alert id</dt>
          <dd class="mono">${alert.alert_id}</dd>
        </dl>
      </div>
      <div class="card">
        ${evidenceTable('Evidence', alert.evidence.values)}${evidenceTable('Baseline', alert.evidence.baseline)}
        ${
          alert.evidence.event_ids.length > 0
            ? html`<h2>Events</h2>
                <p class="mono">${joinHtml(alert.evidence.event_ids, ', ')}</p>`
            : ''
        }
      </div>
    </div>
    ${canTriage ? triage : html`<p class="muted">Your API key has no triage scope; triage actions are hidden.</p>`}
    <h2>History</h2>
    <table class="audit">
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>What</th>
          <th>Status</th>
          <th>Note</th>
        </tr>
      </thead>
      <tbody>
        ${audit.map(
          (e) =>
            html`<tr>
              <td>${utc(e.at)}</td>
              <td>${e.actor}</td>
              <td>${e.action.replace(/_/g, ' ')}</td>
              <td>
                ${e.from_status && e.to_status && e.from_status !== e.to_status ? `${e.from_status} → ${e.to_status}` : (e.to_status ?? '')}
              </td>
              <td>${e.note ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

export interface TokenPageData {
  token: Token;
  timeline: Page<TimelineEvent>;
  /** Whole-token usage over the chart range (one series, or the sum of all). */
  usage: Usage;
  byIp: Usage;
  byCountry: Usage;
  byAsn: Usage;
  alerts: Alert[];
}

function usageTable(title: string, usage: Usage, keyLabel: string): Html {
  return html`<div class="card">
    <h2>${title}</h2>
    <table class="usage">
      <thead>
        <tr>
          <th>${keyLabel}</th>
          <th>Events</th>
          <th>Failures</th>
          <th>Last bucket</th>
        </tr>
      </thead>
      <tbody>
        ${usage.series.map(
          (s) =>
            html`<tr>
              <td class="mono">${s.key === '' ? '(unknown)' : s.key}</td>
              <td class="num">${s.events}</td>
              <td class="num">${s.failures}</td>
              <td>${utc(s.points.at(-1)?.start)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** Sums the series of one usage answer into one point per bucket, for the chart. */
export function totalPoints(usage: Usage): { start: number; events: number; failures: number }[] {
  const byStart = new Map<number, { start: number; events: number; failures: number }>();
  for (const s of usage.series)
    for (const p of s.points) {
      const t = byStart.get(p.start) ?? { start: p.start, events: 0, failures: 0 };
      t.events += p.events;
      t.failures += p.failures;
      byStart.set(p.start, t);
    }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

export function tokenBody(base: string, data: TokenPageData): Html {
  const t = data.token;
  const bucketMs = data.usage.interval === 'day' ? DAY : 3_600_000;
  return html`<p><a href="${base}/tokens">← Tokens</a></p>
    <h1>${t.token_name ?? t.token_id}</h1>
    <div class="grid">
      <div class="card">
        <dl class="facts">
          <dt>Token id</dt>
          <dd class="mono">${t.token_id}</dd>
          <dt>Source</dt>
          <dd>${t.source}</dd>
          <dt>Status</dt>
          <dd><span class="badge ${t.status === 'active' ? 'st-resolved' : 'st-open'}">${t.status}</span></dd>
          <dt>Owner</dt>
          <dd>${t.owner_email ?? t.owner_id ?? '—'}</dd>
          ${
            t.site
              ? html`<dt>Site</dt>
                  <dd>${t.site}</dd>`
              : ''
          }
          <dt>Scopes</dt>
          <dd>${t.scopes.length ? t.scopes.join(', ') : '—'}</dd>
          <dt>Created</dt>
          <dd>${utc(t.created_at)}</dd>
          <dt>Expires</dt>
          <dd>${utc(t.expires_at)}</dd>
          ${
            t.revoked_at !== undefined
              ? html`<dt>Revoked</dt>
                  <dd>${utc(t.revoked_at)}</dd>`
              : ''
          }
          <dt>Last used</dt>
          <dd>${utc(t.last_used_at)}</dd>
        </dl>
      </div>
      <div class="card">
        <h2>Open alerts</h2>
        ${
          data.alerts.length === 0
            ? html`<p class="muted">None.</p>`
            : html`<ul>
                ${data.alerts.map(
                  (a) =>
                    html`<li>
                      ${severityBadge(a.severity)} ${statusBadge(a.status)}
                      <a href="${base}/alerts/${encodeURIComponent(a.alert_id)}">${a.title}</a>
                    </li>`,
                )}
              </ul>`
        }
      </div>
    </div>
    <h2>Usage</h2>
    ${usageChart(totalPoints(data.usage), { bucketMs, from: data.usage.from, to: data.usage.to, title: `Events per ${data.usage.interval}`, width: 1232, height: 240 })}
    <h2>Networks</h2>
    <div class="grid3">
      ${usageTable('IP addresses', data.byIp, 'IP')}${usageTable('Countries', data.byCountry, 'Country')}${usageTable('ASNs', data.byAsn, 'ASN')}
    </div>
    <h2>Timeline</h2>
    <table class="timeline">
      <thead>
        <tr>
          <th>When</th>
          <th>Kind</th>
          <th>Outcome</th>
          <th>IP</th>
          <th>Country</th>
          <th>User agent</th>
          <th>Request</th>
        </tr>
      </thead>
      <tbody>
        ${data.timeline.items.map(
          (e) =>
            html`<tr>
              <td class="when">${utc(e.occurred_at)}</td>
              <td>${e.kind}</td>
              <td>${e.outcome}${e.outcome_reason ? html`<div class="muted">${e.outcome_reason}</div>` : ''}</td>
              <td class="mono">${e.ip ?? ''}</td>
              <td>${e.country ?? ''}</td>
              <td class="mono">${e.user_agent ?? ''}</td>
              <td class="mono">${e.request ? `${e.request.method ?? ''} ${e.request.path ?? ''}` : ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${data.timeline.next_cursor ? html`<p class="muted">Showing the latest ${data.timeline.items.length} events.</p>` : ''}`;
}

export function tokenListBody(base: string, page: Page<Token>, filter: { expiring_days?: number }): Html {
  return html`<h1>Tokens</h1>
    <form class="filters" method="get" action="${base}/tokens">
      <label>Open a token<input name="id" placeholder="token id" /></label><button type="submit">Open</button>
      <a href="${base}/tokens">all</a> <a href="${base}/tokens?expiring_days=30">expiring within 30 days</a>
    </form>
    ${filter.expiring_days ? html`<p class="muted">Tokens expiring within ${filter.expiring_days} days.</p>` : ''}
    <table class="tokens">
      <thead>
        <tr>
          <th>Token</th>
          <th>Source</th>
          <th>Status</th>
          <th>Owner</th>
          <th>Expires</th>
          <th>Last used</th>
        </tr>
      </thead>
      <tbody>
        ${page.items.map(
          (t) =>
            html`<tr>
              <td>
                <a class="mono" href="${base}/tokens/${encodeURIComponent(t.token_id)}"
                  >${t.token_name ?? t.token_id}</a
                >
                <div class="muted mono">${t.token_id}</div>
              </td>
              <td>${t.source}</td>
              <td>${t.status}</td>
              <td>${t.owner_email ?? t.owner_id ?? ''}</td>
              <td>${utc(t.expires_at)}</td>
              <td>${utc(t.last_used_at)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${page.next_cursor ? html`<p class="pager"><a href="${base}/tokens${queryString({ expiring_days: filter.expiring_days, cursor: page.next_cursor })}">Next page →</a></p>` : ''}`;
}

export function reportsBody(base: string, now: number): Html {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return html`<h1>Compliance report</h1>
    <p>
      Token inventory, policy violations, alerts and how each was handled, and the controls each section evidences (SOC
      2 CC6.1–6.3, ISO 27001 A.5.17/A.5.18, PCI DSS 8, NIST 800-53 AC-2, IA-5, AU-6).
    </p>
    <form class="filters" method="get" action="${base}/reports/compliance">
      <label>From<input type="date" name="from" value="${day(now - 30 * DAY)}" required /></label>
      <label>To<input type="date" name="to" value="${day(now)}" required /></label>
      <label
        >Format<select name="format">
          <option value="html">HTML</option>
          <option value="pdf">PDF</option>
          <option value="csv">CSV</option>
          <option value="json">JSON</option>
        </select></label
      >
      <button type="submit">Open report</button>
    </form>
    <p>
      <a
        id="compliance-last-30"
        href="${base}/reports/compliance${queryString({ from: day(now - 30 * DAY), to: day(now), format: 'html' })}"
        >Compliance report, last 30 days</a
      >
    </p>`;
}

export function loginBody(base: string, next: string): Html {
  return html`<h1>Sign in</h1>
    <p>
      Paste an API key (<code>twk_…</code>) with the <code>read</code> scope; triage needs <code>triage</code>. The key
      is kept in an HTTP-only cookie for this browser session only.
    </p>
    <form class="filters" method="post" action="${base}/login">
      <input type="hidden" name="next" value="${next}" />
      <label>API key<input type="password" name="api_key" required size="60" autocomplete="off" /></label>
      <button type="submit">Sign in</button>
    </form>`;
}
