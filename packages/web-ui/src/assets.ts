/**
 * The UI's only stylesheet, served from /ui/assets/app.css: the API's Content-Security-Policy allows styles
 * from 'self' only (no inline <style>, no CDN), and the page must work offline.
 */
export const APP_CSS = `
:root { --ink:#0f172a; --muted:#64748b; --line:#e2e8f0; --bg:#f8fafc; --accent:#2563eb; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color:var(--ink); background:var(--bg); }
header { display:flex; align-items:center; gap:24px; padding:10px 24px; background:#0f172a; color:#fff; }
header .brand { font-weight:700; letter-spacing:.02em; }
header nav a { color:#cbd5e1; text-decoration:none; margin-right:16px; }
header nav a.active, header nav a:hover { color:#fff; }
header form { margin-left:auto; }
main { padding:20px 24px; max-width:1280px; }
h1 { font-size:20px; margin:0 0 12px; }
h2 { font-size:16px; margin:20px 0 8px; }
a { color:var(--accent); }
table { border-collapse:collapse; width:100%; background:#fff; border:1px solid var(--line); }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#f1f5f9; font-weight:600; font-size:12px; text-transform:uppercase; color:#475569; }
td.num { text-align:right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size:12px; overflow-wrap:anywhere; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; white-space:nowrap; }
.sev-critical { background:#7f1d1d; color:#fff; } .sev-high { background:#dc2626; color:#fff; }
.sev-medium { background:#f59e0b; color:#111; } .sev-low { background:#cbd5e1; color:#111; }
.st-open { background:#fee2e2; color:#991b1b; } .st-acknowledged { background:#fef3c7; color:#92400e; }
.st-resolved { background:#dcfce7; color:#166534; } .st-false_positive { background:#e0e7ff; color:#3730a3; }
.filters { display:flex; flex-wrap:wrap; gap:8px; align-items:end; margin-bottom:12px; background:#fff; padding:10px; border:1px solid var(--line); }
.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); }
input, select, textarea, button { font:inherit; }
input, select, textarea { padding:4px 6px; border:1px solid #cbd5e1; border-radius:4px; background:#fff; }
button { padding:5px 12px; border-radius:4px; border:1px solid #1d4ed8; background:var(--accent); color:#fff; cursor:pointer; }
button.secondary { background:#fff; color:var(--ink); border-color:#cbd5e1; }
button.danger { background:#b91c1c; border-color:#991b1b; }
.actions { display:flex; flex-wrap:wrap; gap:12px; align-items:end; background:#fff; border:1px solid var(--line); padding:12px; }
.actions form { display:flex; gap:6px; align-items:end; }
.inline { display:inline; }
.grid { display:grid; grid-template-columns: 1fr 1fr; gap:16px; }
.grid3 { display:grid; grid-template-columns: 1fr 1fr 1fr; gap:16px; }
.card h2:first-child { margin-top:0; }
td.when { white-space:nowrap; }
.card { background:#fff; border:1px solid var(--line); padding:12px 16px; }
dl.facts { display:grid; grid-template-columns: max-content 1fr; gap:4px 16px; margin:0; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
.explanation { font-size:15px; background:#fff; border-left:4px solid var(--accent); padding:10px 14px; margin:8px 0 16px; }
.flash { background:#dcfce7; border:1px solid #86efac; padding:8px 12px; margin-bottom:12px; }
.error { background:#fee2e2; border:1px solid #fca5a5; padding:8px 12px; margin-bottom:12px; }
.muted { color:var(--muted); }
.pager { margin-top:10px; }
svg.chart { background:#fff; border:1px solid var(--line); width:100%; height:auto; }
`;
