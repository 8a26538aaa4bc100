import { packageInfo } from './package-info';

export interface BinaryHelp {
  // The binary's name in `--version` and the usage line.
  name: string;
  summary: string;
  usage?: string;
  // The environment variables it reads, listed under --help.
  variables?: string[];
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function helpText(help: BinaryHelp): string {
  const lines = [`${help.name} — ${help.summary}`, '', `usage: ${help.usage ?? help.name}`];
  lines.push('', 'options:', '  -h, --help     this text', '  -V, --version  the version');
  if (help.variables?.length)
    lines.push(
      '',
      'configuration (environment variables, see README.md):',
      ...wrap(help.variables),
    );
  return `${lines.join('\n')}\n`;
}

function wrap(words: string[]): string[] {
  const out: string[] = [];
  let line = ' ';
  for (const w of words) {
    if (line.length + w.length > 96) {
      out.push(line);
      line = ' ';
    }
    line += ` ${w}`;
  }
  return [...out, line];
}

// An app binary takes no arguments but --help and --version, both answered before anything
// starts (no database, no Kafka). Anything else is refused, so a typo never starts the app.
export function answerInfoFlags(help: BinaryHelp, argv: string[] = process.argv.slice(2)): void {
  if (!argv.length) return;
  const [arg] = argv;
  if (arg === '--help' || arg === '-h') {
    process.stdout.write(helpText(help));
    process.exit(EXIT.ok);
  }
  if (arg === '--version' || arg === '-V') {
    process.stdout.write(`${help.name} ${packageInfo().version}\n`);
    process.exit(EXIT.ok);
  }
  process.stderr.write(`${help.name}: unknown argument '${arg}' (see --help)\n`);
  process.exit(EXIT.usage);
}
