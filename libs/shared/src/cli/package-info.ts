import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface PackageInfo {
  root: string;
  version: string;
}

// The shopsync package.json above `start`: from the sources under ts-jest and from dist/ alike.
export function packageInfo(start: string = __dirname): PackageInfo {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'shopsync') return { root: dir, version: pkg.version ?? '0.0.0' };
    }
    if (dirname(dir) === dir) throw new Error(`no shopsync package.json above ${start}`);
  }
}
