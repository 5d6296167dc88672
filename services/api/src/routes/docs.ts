import type { FastifyPluginCallback } from 'fastify';

/**
 * The OpenAPI document at /docs/openapi.json and a plain page at /docs that links to it. No Swagger UI bundle:
 * the page must work offline and under a strict Content-Security-Policy.
 */
export const docsRoutes: FastifyPluginCallback = (app, _options, done) => {
  app.get('/docs/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, () =>
    Promise.resolve(app.swagger()),
  );
  app.get('/docs', { schema: { hide: true }, config: { rateLimit: false } }, (_request, reply) => {
    const doc = app.swagger() as { paths?: Record<string, Record<string, { summary?: string }>> };
    const rows = Object.entries(doc.paths ?? {})
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(
          ([method, op]) =>
            `<tr><td>${method.toUpperCase()}</td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary ?? '')}</td></tr>`,
        ),
      )
      .join('\n');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><title>tokenwatch API</title></head><body>` +
          `<h1>tokenwatch API</h1><p>OpenAPI 3 document: <a href="/docs/openapi.json">/docs/openapi.json</a></p>` +
          `<table>${rows}</table></body></html>`,
      );
  });
  done();
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
