import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ApiKeyRegistry } from '../auth/api-keys';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

export const FIRST_KEY_SETTINGS = Symbol('FIRST_KEY_SETTINGS');

export interface FirstKeySettings {
  // FIRST_ADMIN_KEY_FILE: where the first admin key is written (the image and compose set it).
  file?: string;
}

// On a first start with no key at all (none configured, none in the database), makes an admin
// key and writes it to FIRST_ADMIN_KEY_FILE (mode 0600); the log names the file, never the key.
// Without the variable it only warns. Several gateways starting at once make one key.
@Injectable()
export class FirstAdminKey implements OnApplicationBootstrap {
  private readonly log = new Logger('ApiKeys');

  constructor(
    private readonly configured: ApiKeyRegistry,
    private readonly repo: ApiKeysRepository,
    private readonly keys: ApiKeysService,
    @Inject(FIRST_KEY_SETTINGS) private readonly settings: FirstKeySettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.configured.size || (await this.repo.list(1, 0))[1] > 0) return;
    const file = this.settings.file;
    if (!file) {
      this.log.warn({
        msg: 'no API keys exist: every /v1 request will be refused (create one with `npm run api-key -- create --name admin --scopes admin`, or set FIRST_ADMIN_KEY_FILE)',
      });
      return;
    }
    const { row, key } = this.keys.prepare(
      { name: 'first-admin', scopes: ['admin'] },
      'first-start',
    );
    // The file is complete before the key exists, and appears under its name only once it does.
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, `${key}\n`, { mode: 0o600, flag: 'wx' });
    try {
      if (!(await this.repo.insertIfNone(row))) return;
      renameSync(tmp, file);
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        // renamed: nothing left behind
      }
    }
    this.log.log({
      msg: `created the first admin API key; read it from ${file} (mode 0600): it is shown nowhere else`,
      file,
      keyId: row.id,
    });
  }
}
