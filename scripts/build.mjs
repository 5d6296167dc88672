// Bundles the tokenwatch CLI into dist/tokenwatch.mjs (native modules stay external).
import { build } from 'esbuild';

await build({
  entryPoints: ['services/cli/src/main.ts'],
  outfile: 'dist/tokenwatch.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  packages: 'external',
  logLevel: 'info',
});
