#!/usr/bin/env node
// `npm run api-key -- --name ops --scopes read,write [--shops eu-store,us-store]`
// Prints a new API key once, and the entry to add to API_KEYS (only its SHA-256 is stored).
'use strict';
const { createHash, randomBytes } = require('node:crypto');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const name = opt('name', 'key');
const scopes = opt('scopes', 'read').split(',');
const shops = opt('shops', '');
const bad = scopes.filter((s) => !['read', 'write', 'admin'].includes(s));
if (bad.length) {
  process.stderr.write(`unknown scope(s): ${bad.join(', ')} (use read, write, admin)\n`);
  process.exit(2);
}
const key = `sk_${randomBytes(24).toString('base64url')}`;
const entry = {
  name,
  sha256: createHash('sha256').update(key).digest('hex'),
  scopes,
  ...(shops ? { shops: shops.split(',') } : {}),
};
process.stdout.write(`key (shown once, keep it secret): ${key}\n`);
process.stdout.write(`API_KEYS entry: ${JSON.stringify(entry)}\n`);
