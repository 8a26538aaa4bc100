import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { envVarNames, loadEnv } from '../config/load-config';
import { CommonEnv, databaseSettings } from '../config/common-env';
import { EXIT, helpText } from '../cli/info-flags';
import { packageInfo } from '../cli/package-info';
import { openDataSource } from './data-source';
import { migrate, migrationStatus } from './migrate';

// `npm run migration:run` / `npm run migration:status`: the migrations of the configured
// database (DATABASE_URL, else the SQLite file). Exit codes: 0 done (status: up to date, or
// anything with --check off), 1 the database failed, 2 bad usage, 3 `status --check` found
// pending migrations.
const PENDING = 3;
const HELP = {
  name: 'shopsync-migrate',
  summary: 'applies or lists the database migrations',
  usage: [
    'shopsync-migrate run             apply the pending migrations',
    '       shopsync-migrate status [--check]  list applied and pending ones (--check: exit 3 when some are pending)',
  ].join('\n'),
  variables: envVarNames(CommonEnv).filter((v) => !v.startsWith('KAFKA_')),
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
      check: { type: 'boolean' },
    },
  });
  if (values.help) return out(helpText(HELP));
  if (values.version) return out(`${HELP.name} ${packageInfo().version}\n`);
  const [command, ...rest] = positionals;
  if (!['run', 'status'].includes(command) || rest.length)
    throw new UsageError(
      command ? `unknown command '${[command, ...rest].join(' ')}'` : 'no command',
    );
  const ds = await openDataSource(databaseSettings(loadEnv(CommonEnv, process.env)), false);
  try {
    const before = await migrationStatus(ds);
    for (const name of before.unknown)
      process.stdout.write(`applied by a newer version: ${name}\n`);
    if (command === 'status') {
      for (const name of before.applied) process.stdout.write(`applied  ${name}\n`);
      for (const name of before.pending) process.stdout.write(`pending  ${name}\n`);
      process.stdout.write(
        `${before.applied.length} applied, ${before.pending.length} pending on ${where(ds)}\n`,
      );
      return values.check && before.pending.length ? PENDING : EXIT.ok;
    }
    await migrate(ds);
    const after = await migrationStatus(ds);
    for (const name of before.pending.filter((n) => after.applied.includes(n)))
      process.stdout.write(`applied  ${name}\n`);
    process.stdout.write(
      `${before.pending.length - after.pending.length} applied now, ${after.pending.length} pending on ${where(ds)}\n`,
    );
    return after.pending.length ? EXIT.failed : EXIT.ok;
  } finally {
    await ds.destroy();
  }
}

class UsageError extends Error {}

// Names the database without its credentials.
function where(ds: DataSource): string {
  if (ds.options.type !== 'postgres') return `SQLite ${String(ds.options.database)}`;
  const url = new URL(ds.options.url ?? 'postgres://localhost');
  return `PostgreSQL ${url.host}${url.pathname}`;
}

function out(text: string): number {
  process.stdout.write(text);
  return EXIT.ok;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(
      `${HELP.name}: ${error instanceof Error ? error.message : String(error)}${usage ? ' (see --help)' : ''}\n`,
    );
    process.exit(usage ? EXIT.usage : EXIT.failed);
  },
);
