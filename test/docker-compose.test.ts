/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks what can be checked without one: it
 * parses, every service has an image or a build, every host file it mounts or builds from exists, and every
 * dependency names a real service.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');

interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  volumes?: string[];
  depends_on?: Record<string, unknown> | string[];
  command?: string[];
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  const services = Object.entries(compose.services);

  it('defines the scale-out stack', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['kafka', 'clickhouse', 'grafana', 'ingest', 'analyzer', 'api']),
    );
  });

  it('pins every image to a version', () => {
    for (const [name, service] of services) {
      if (service.image) expect(service.image, name).toMatch(/:[0-9][\w.-]*$/);
      else expect(service.build, `${name} has neither image nor build`).toBeDefined();
    }
  });

  it('references only files that exist', () => {
    for (const [name, service] of services) {
      if (service.build) {
        const context = typeof service.build === 'string' ? service.build : service.build.context;
        const dockerfile =
          typeof service.build === 'string' ? 'Dockerfile' : (service.build.dockerfile ?? 'Dockerfile');
        expect(existsSync(join(root, context, dockerfile)), `${name}: ${dockerfile}`).toBe(true);
      }
      for (const volume of service.volumes ?? []) {
        const hostPath = volume.split(':')[0]!;
        if (hostPath.startsWith('.')) expect(existsSync(join(root, hostPath)), `${name}: ${hostPath}`).toBe(true);
        else expect(compose.volumes ?? {}, `${name}: named volume ${hostPath}`).toHaveProperty(hostPath);
      }
    }
  });

  it('depends only on services it defines', () => {
    for (const [name, service] of services) {
      const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(compose.services, `${name} depends on ${dep}`).toHaveProperty(dep);
    }
  });

  it('runs tokenwatch commands the CLI knows', () => {
    const cli = readFileSync(join(root, 'services/cli/src/main.ts'), 'utf8');
    for (const [name, service] of services) {
      if (!service.build) continue;
      const command = service.command?.[0] ?? 'serve';
      expect(cli, `${name} runs "tokenwatch ${command}"`).toMatch(new RegExp(`\\b${command}: \\{`));
    }
  });
});
