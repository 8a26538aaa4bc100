import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { KAFKA_BROKERS, ROOT } from './env';
import { eventually } from './eventually';

export type AppName = 'gateway' | 'scheduler' | 'sync-worker';

export interface StackOptions {
  name: string;
  databaseUrl?: string;
  sqlitePath?: string;
  kafkaBrokers?: string;
  topicPrefix?: string;
  handlerModule?: string;
  workers?: number;
  schedulers?: number;
  env?: Record<string, string>;
  workerEnv?: Record<string, string>;
}

export interface RunningApp {
  name: AppName;
  index: number;
  port: number;
  process: ChildProcess;
  url: string;
}

// Ports handed out in this process. A port the OS gave and that was closed again may be given
// again to the next ask: two apps started together once got the same one (the worker's listen
// failed, and the scheduler on it answered the worker's readiness check).
const handedOut = new Set<number>();

// The bench's preloaded counters: the variable naming the folder, the script in bench/.
const BENCH_COUNTERS: ReadonlyArray<readonly [string, string]> = [
  ['SHOPSYNC_STATEMENTS_DIR', 'count-statements.js'],
  ['SHOPSYNC_KAFKA_REQUESTS_DIR', 'count-kafka-requests.js'],
];

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const address = srv.address();
        srv.close(() =>
          typeof address === 'object' && address
            ? resolve(address.port)
            : reject(new Error('no port')),
        );
      });
    });
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

// The three apps as separate processes, driven like a user would: over HTTP and Kafka.
export class Stack {
  readonly apps: RunningApp[] = [];
  readonly topicPrefix: string;
  readonly logDir: string;
  // An admin key for this stack; tests send it unless they say otherwise.
  readonly apiKey = `sk_test_${randomBytes(24).toString('hex')}`;
  gatewayUrl = '';

  constructor(readonly opts: StackOptions) {
    this.topicPrefix = opts.topicPrefix ?? `t${randomBytes(3).toString('hex')}.`;
    this.logDir = join(
      ROOT,
      '.shopsync',
      'test-logs',
      `${opts.name}-${this.topicPrefix.replace(/\W/g, '')}`,
    );
    mkdirSync(this.logDir, { recursive: true });
  }

  baseEnv(): Record<string, string> {
    const env: Record<string, string> = {
      KAFKA_BROKERS: this.opts.kafkaBrokers ?? KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      KAFKA_PARTITIONS: '12',
      LOG_LEVEL: 'info',
      // Suites send thousands of requests with one key; the operator test sets its own limit.
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      API_KEYS: JSON.stringify([
        {
          name: 'test-admin',
          sha256: createHash('sha256').update(this.apiKey).digest('hex'),
          scopes: ['admin'],
        },
      ]),
      ...(this.opts.env ?? {}),
    };
    if (this.opts.databaseUrl) env.DATABASE_URL = this.opts.databaseUrl;
    if (this.opts.sqlitePath) env.SQLITE_PATH = this.opts.sqlitePath;
    return env;
  }

  async start(): Promise<this> {
    await this.startApp('gateway');
    for (let i = 0; i < (this.opts.schedulers ?? 1); i++) await this.startApp('scheduler');
    for (let i = 0; i < (this.opts.workers ?? 1); i++) await this.startApp('sync-worker');
    await Promise.all(this.apps.map((a) => this.waitReady(a)));
    return this;
  }

  async startApp(name: AppName, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
    const port = await freePort();
    const index = this.apps.filter((a) => a.name === name).length;
    const env: Record<string, string> = {
      ...this.baseEnv(),
      INSTANCE_ID: `${name}-${index}-${this.topicPrefix.replace(/\W/g, '')}`,
    };
    if (name === 'gateway') env.GATEWAY_PORT = String(port);
    if (name === 'scheduler') env.SCHEDULER_HTTP_PORT = String(port);
    if (name === 'sync-worker') {
      env.WORKER_HTTP_PORT = String(port);
      if (this.opts.handlerModule) env.WORKER_HANDLER_MODULE = this.opts.handlerModule;
      Object.assign(env, this.opts.workerEnv ?? {});
    }
    Object.assign(env, extraEnv);
    // The bench's counters, preloaded while their folder is set (each writes its files there).
    const counters = BENCH_COUNTERS.filter(([variable]) => process.env[variable]);
    const child = spawn(
      process.execPath,
      [
        ...(process.env.SHOPSYNC_PROFILE_DIR
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SHOPSYNC_PROFILE_DIR}`]
          : []),
        ...counters.flatMap(([, script]) => ['--require', join(ROOT, 'bench', script)]),
        join(ROOT, 'dist', 'apps', name, 'src', 'main.js'),
      ],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...Object.fromEntries(counters.map(([variable]) => [variable, process.env[variable]])),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const log = createWriteStream(join(this.logDir, `${name}-${index}.log`), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const app: RunningApp = { name, index, port, process: child, url: `http://127.0.0.1:${port}` };
    this.apps.push(app);
    if (name === 'gateway' && !this.gatewayUrl) this.gatewayUrl = app.url;
    return app;
  }

  async waitReady(app: RunningApp, timeoutMs = 90_000): Promise<void> {
    await eventually(
      async () => {
        if (app.process.exitCode !== null)
          throw new Error(`${app.name} exited with ${app.process.exitCode}; see ${this.logDir}`);
        const res = await fetch(`${app.url}/health/ready`);
        if (res.status !== 200)
          throw new Error(`${app.name} not ready: ${res.status} ${await res.text()}`);
      },
      timeoutMs,
      300,
    );
  }

  running(name: AppName): RunningApp[] {
    return this.apps.filter(
      (a) => a.name === name && a.process.exitCode === null && a.process.signalCode === null,
    );
  }

  async stopApp(
    app: RunningApp,
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 40_000,
  ): Promise<void> {
    if (app.process.exitCode !== null || app.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => app.process.once('exit', () => resolve()));
    app.process.kill(signal);
    const timer = setTimeout(() => app.process.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((a) => this.stopApp(a)));
  }

  async api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await fetch(`${this.gatewayUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.apiKey}`,
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
}
