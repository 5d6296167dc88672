import { html, type Html, type HtmlValue } from './html';

export type Section = 'alerts' | 'tokens' | 'reports' | 'login';

export interface PageOptions {
  title: string;
  section: Section;
  /** The mount prefix, e.g. "/ui". */
  base: string;
  signedIn: boolean;
  flash?: string;
  error?: string;
}

export function page(options: PageOptions, body: HtmlValue): Html {
  const { base } = options;
  const link = (section: Section, href: string, label: string) =>
    html`<a href="${base}${href}" class="${options.section === section ? 'active' : ''}">${label}</a>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · tokenwatch</title>
        <link rel="stylesheet" href="${base}/assets/app.css" />
      </head>
      <body>
        <header>
          <span class="brand">tokenwatch</span>
          ${
            options.signedIn
              ? html`<nav>
                    ${link('alerts', '/alerts', 'Alerts')}${link('tokens', '/tokens', 'Tokens')}${link('reports', '/reports', 'Reports')}
                  </nav>
                  <form method="post" action="${base}/logout">
                    <button class="secondary" type="submit">Sign out</button>
                  </form>`
              : ''
          }
        </header>
        <main>
          ${options.flash ? html`<div class="flash" role="status">${options.flash}</div>` : ''}
          ${options.error ? html`<div class="error" role="alert">${options.error}</div>` : ''} ${body}
        </main>
      </body>
    </html>`;
}

export const severityBadge = (severity: string) => html`<span class="badge sev-${severity}">${severity}</span>`;
export const statusBadge = (status: string) =>
  html`<span class="badge st-${status}" data-status="${status}">${status.replace('_', ' ')}</span>`;
