/** `npm run dashboards`: renders the dashboard specs to dashboards/json (commit the result). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { DASHBOARDS, DASHBOARD_JSON_DIR, dashboardFile } from './dashboards';

await mkdir(DASHBOARD_JSON_DIR, { recursive: true });
for (const [file, spec] of Object.entries(DASHBOARDS)) {
  const path = join(DASHBOARD_JSON_DIR, file);
  // Written as the repository's formatter would, so `prettier --check` stays green after a regeneration.
  const options = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(dashboardFile(spec), { ...options, filepath: path }));
  console.log(`wrote dashboards/json/${file} (${spec.panels.length} panels)`);
}
