import { Logger, Provider } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { CredentialCipher } from './credential-cipher';

export interface EncryptionKeySettings {
  // base64 of 32 bytes (SHOPSYNC_ENCRYPTION_KEY); when absent, the key file in `home` is used.
  key?: string;
  home: string;
}

export interface LoadedEncryptionKey {
  key: Buffer;
  source: 'environment' | 'file';
  path?: string;
  created: boolean;
}

// A 32-byte server secret: from its variable, else from a file in the local data folder.
export interface LocalSecretSpec {
  variable: string;
  file: string;
}

export const ENCRYPTION_KEY_FILE = 'encryption.key';
const ENCRYPTION_KEY: LocalSecretSpec = {
  variable: 'SHOPSYNC_ENCRYPTION_KEY',
  file: ENCRYPTION_KEY_FILE,
};

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== text.trim())
    throw new Error(`${where} must hold 32 bytes in base64 (e.g. openssl rand -base64 32)`);
  return key;
}

// The configured secret, or on a one-machine run a secret generated once into the local data
// folder (mode 0600). Several processes may start at once: the file appears atomically (hard
// link of a complete temporary file), so every process ends up with the same secret.
export function loadLocalSecret(
  spec: LocalSecretSpec,
  settings: EncryptionKeySettings,
): LoadedEncryptionKey {
  if (settings.key)
    return { key: decodeKey(settings.key, spec.variable), source: 'environment', created: false };
  const path = join(settings.home, spec.file);
  let created = false;
  try {
    statSync(path);
  } catch {
    mkdirSync(settings.home, { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, path);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(tmp);
    }
  }
  // Tighten a file someone copied in with looser permissions.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return { key: decodeKey(readFileSync(path, 'utf8'), path), source: 'file', path, created };
}

// The key of the shop credentials (SHOPSYNC_ENCRYPTION_KEY, else `encryption.key`).
export function loadEncryptionKey(settings: EncryptionKeySettings): LoadedEncryptionKey {
  return loadLocalSecret(ENCRYPTION_KEY, settings);
}

// The cipher of credentials at rest, from the configured (or generated) key; logs which key.
export function credentialCipherProvider(settings: EncryptionKeySettings): Provider {
  return {
    provide: CredentialCipher,
    useFactory: () => {
      const loaded = loadEncryptionKey(settings);
      const cipher = new CredentialCipher(loaded.key);
      new Logger('Credentials').log({
        msg: loaded.created
          ? 'generated a credentials encryption key'
          : 'credentials encryption key loaded',
        source: loaded.source,
        path: loaded.path,
        keyId: cipher.keyId,
      });
      return cipher;
    },
  };
}
