import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

// One Node major everywhere: the image, the version file, the CI script and the engines range.
describe('Node.js version', () => {
  const nvmrc = Number(read('.nvmrc').trim());
  const pkg = JSON.parse(read('package.json')) as {
    engines: { node: string };
    packageManager: string;
    devDependencies: Record<string, string>;
  };

  it('.nvmrc names one major', () => {
    expect(Number.isInteger(nvmrc)).toBe(true);
    expect(nvmrc).toBeGreaterThanOrEqual(24);
  });

  it('every Dockerfile stage runs the .nvmrc major', () => {
    const froms = [...read('Dockerfile').matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) expect(image).toMatch(new RegExp(`^node:${nvmrc}(-|$)`));
  });

  it('scripts/node26.sh installs the .nvmrc major, and CI sources it before npm ci', () => {
    const script = read('scripts/node26.sh');
    expect(script).toMatch(new RegExp(`^SHOPSYNC_NODE_MAJOR=${nvmrc}$`, 'm'));
    const ci = read('.ci/run');
    const sourced = ci.search(/^source scripts\/node26\.sh$/m);
    expect(sourced).toBeGreaterThanOrEqual(0);
    expect(sourced).toBeLessThan(ci.search(/^npm ci\b/m));
  });

  it('engines.node is a lower bound the .nvmrc major meets', () => {
    const floor = /^>=(\d+)$/.exec(pkg.engines.node);
    expect(floor).not.toBeNull();
    expect(Number(floor![1])).toBeLessThanOrEqual(nvmrc);
  });

  it('@types/node describes that major, and npm is pinned', () => {
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${nvmrc}\\.`));
    expect(pkg.packageManager).toMatch(/^npm@\d+\.\d+\.\d+$/);
  });

  it('compose runs the apps from the Dockerfile, not another Node image', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { build?: string; image?: string; command?: string[] }>;
    };
    const apps = Object.values(compose.services).filter((s) => s.command?.[0] === 'node');
    expect(apps.length).toBeGreaterThan(0);
    for (const s of apps) {
      expect(s.build).toBe('.');
      expect(s.image ?? '').not.toMatch(/^node:/);
    }
  });
});
