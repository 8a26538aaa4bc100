import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  type ApiKeyEntity,
  EXIT,
  flattenValidationErrors,
  loadEnv,
  openDataSource,
  packageInfo,
  SystemClock,
  ValidationFailed,
} from '@shopsync/shared';
import { hashKey } from '../auth/api-keys';
import { gatewayConfig, GatewayEnv } from '../config/gateway-env';
import { ApiKeyHasher, loadKeySecret } from './api-key-hasher';
import { ApiKeyNotFound } from './api-keys.errors';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { toApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

// `npm run api-key -- <command>`: the managed API keys, straight in the configured database
// (DATABASE_URL, else the SQLite file) with the gateway's key secret (SHOPSYNC_KEY_SECRET, else
// SHOPSYNC_HOME/api-key.secret): run it where the gateway runs. The gateways see a new key at
// once and a revocation within API_KEY_CACHE_MS. Exit codes: 0 done, 1 failed, 2 bad usage or
// input, 3 no such key.
const NAME = 'shopsync-api-key';
const NOT_FOUND = 3;
const HELP = `${NAME} — creates, lists and revokes API keys

usage:
  ${NAME} create --name <name> --scopes <read,write,admin> [--shops <code,...>] [--expires <when>] [--json]
        prints the new key on stdout, shown this once (its details go to stderr);
        --expires takes an ISO 8601 instant (2027-01-01T00:00:00Z) or a duration (90d, 12h, 30m)
  ${NAME} list [--json] [--limit <n>] [--offset <n>]
        the keys, newest first, with status and last use (never the keys themselves)
  ${NAME} revoke <id>
        the key stops working (at once on new requests; within API_KEY_CACHE_MS on running gateways)
  ${NAME} env-entry --name <name> --scopes <...> [--shops <...>]
        a key for the API_KEYS bootstrap list instead: prints the key and its entry; no database

options:
  -h, --help     this text
  -V, --version  the version

configuration: DATABASE_URL or SQLITE_PATH / SHOPSYNC_HOME, SHOPSYNC_KEY_SECRET (see README.md)
`;

class UsageError extends Error {}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  scopes: { type: 'string' },
  shops: { type: 'string' },
  expires: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
  });
  if (values.help || positionals[0] === 'help') return print(HELP);
  if (values.version) return print(`${NAME} ${packageInfo().version}\n`);
  const [command, ...args] = positionals;
  switch (command) {
    case 'create':
      return create(values, await input(values), args);
    case 'list':
      return list(values, args);
    case 'revoke':
      if (args.length !== 1) throw new UsageError('revoke takes one key id');
      return revoke(args[0]);
    case 'env-entry':
      return envEntry(await input(values), args);
    default:
      throw new UsageError(command ? `unknown command '${command}'` : 'no command');
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return EXIT.ok;
}

const list_ = (value?: string) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const FLAG_OF: Record<string, string> = { expiresAt: '--expires' };

// The flags as the API's own input, checked by the same rules.
async function input(values: Values): Promise<CreateApiKeyDto> {
  if (!values.name || !values.scopes) throw new UsageError('--name and --scopes are required');
  const dto = plainToInstance(CreateApiKeyDto, {
    name: values.name,
    scopes: list_(values.scopes),
    shops: list_(values.shops),
    expiresAt: values.expires && expiresAt(values.expires),
  });
  const errors = flattenValidationErrors(await validate(dto, { whitelist: true }));
  if (errors.length)
    throw new UsageError(
      errors.map((e) => `${FLAG_OF[e.field] ?? `--${e.field}`}: ${e.message}`).join('; '),
    );
  return dto;
}

function expiresAt(value: string): string {
  const span = /^(\d{1,6})([dhm])$/.exec(value);
  if (!span) return value;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[span[2] as 'd' | 'h' | 'm'];
  return new Date(Date.now() + Number(span[1]) * unit).toISOString();
}

async function withKeys<T>(work: (keys: ApiKeysService) => Promise<T>): Promise<T> {
  const config = gatewayConfig(loadEnv(GatewayEnv, process.env));
  const secret = loadKeySecret(config.auth.keySecret);
  if (secret.created)
    process.stderr.write(
      `generated the API key secret into ${secret.path}: the gateway must use the same SHOPSYNC_HOME (or set SHOPSYNC_KEY_SECRET)\n`,
    );
  const ds = await openDataSource(config.database);
  try {
    return await work(
      new ApiKeysService(
        new ApiKeysRepository(ds),
        new ApiKeyHasher(secret.key),
        new SystemClock(),
      ),
    );
  } finally {
    await ds.destroy();
  }
}

async function create(values: Values, dto: CreateApiKeyDto, args: string[]): Promise<number> {
  if (args.length) throw new UsageError(`unexpected '${args.join(' ')}'`);
  const { row, key } = await withKeys((keys) => keys.create(dto, 'cli'));
  if (values.json) return print(`${JSON.stringify({ ...toApiKeyDto(row, new Date()), key })}\n`);
  process.stdout.write(`${key}\n`);
  process.stderr.write(`created API key ${describe(row)}; the key above is shown this once\n`);
  return EXIT.ok;
}

async function list(values: Values, args: string[]): Promise<number> {
  if (args.length) throw new UsageError(`unexpected '${args.join(' ')}'`);
  const limit = count(values.limit ?? '100', 'limit', 1, 500);
  const offset = count(values.offset ?? '0', 'offset', 0, 2_147_483_647);
  const [rows, total] = await withKeys((keys) => keys.list(limit, offset));
  const now = new Date();
  if (values.json)
    return print(`${JSON.stringify({ items: rows.map((r) => toApiKeyDto(r, now)), total })}\n`);
  const table = [
    ['ID', 'NAME', 'SCOPES', 'SHOPS', 'STATUS', 'EXPIRES', 'LAST USED', 'CREATED'],
    ...rows.map((r) => {
      const k = toApiKeyDto(r, now);
      return [k.id, k.name, k.scopes.join(','), k.shops?.join(',') ?? '*', k.status].concat([
        k.expiresAt ?? '-',
        k.lastUsedAt ?? '-',
        k.createdAt,
      ]);
    }),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table)
    process.stdout.write(
      `${row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd()}\n`,
    );
  process.stdout.write(`${rows.length} of ${total} keys\n`);
  return EXIT.ok;
}

async function revoke(id: string): Promise<number> {
  const row = await withKeys((keys) => keys.revoke(id));
  return print(`revoked API key ${describe(row)}\n`);
}

function envEntry(dto: CreateApiKeyDto, args: string[]): number {
  if (args.length) throw new UsageError(`unexpected '${args.join(' ')}'`);
  const key = `sk_${randomBytes(24).toString('base64url')}`;
  const entry = { name: dto.name, sha256: hashKey(key), scopes: dto.scopes, shops: dto.shops };
  process.stdout.write(`key (shown once, keep it secret): ${key}\n`);
  return print(`API_KEYS entry: ${JSON.stringify(entry)}\n`);
}

function describe(row: ApiKeyEntity): string {
  const k = toApiKeyDto(row, new Date());
  const shops = k.shops ? `shops ${k.shops.join(',')}` : 'every shop';
  const expires = k.expiresAt ? `expires ${k.expiresAt}` : 'no expiry';
  return `${k.id} '${k.name}' (${k.scopes.join(',')}; ${shops}; ${expires})`;
}

function count(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag}: must be a whole number from ${min} to ${max}`);
  return n;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage =
      error instanceof UsageError ||
      error instanceof ValidationFailed ||
      String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${NAME}: ${message}${usage ? ' (see --help)' : ''}\n`);
    process.exit(usage ? EXIT.usage : error instanceof ApiKeyNotFound ? NOT_FOUND : EXIT.failed);
  },
);
