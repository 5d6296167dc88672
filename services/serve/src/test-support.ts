import type { ServeOptions } from './serve';

/** What the serve integration tests share: a private data folder, any free port, no demo, geo or output. */
export const testServeOptions = (dataDir: string): ServeOptions => ({
  dataDir,
  host: '127.0.0.1',
  port: 0,
  demo: false,
  importPaths: [],
  logLevel: 'silent',
  geoip: false,
  print: () => undefined,
});
