import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { envVarNames } from '@shopsync/shared';
import { GatewayEnv } from '../apps/gateway/src/config/gateway-env';
import { SchedulerEnv } from '../apps/scheduler/src/config/scheduler-env';
import { WorkerEnv } from '../apps/sync-worker/src/config/worker-env';

const ROOT = join(__dirname, '..');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
}

// The Dockerfile's runtime stage: its ENV variables and its HEALTHCHECK command.
function runtimeStage(dockerfile: string): { env: Record<string, string>; healthcheck: string } {
  const stage = dockerfile
    .split(/^FROM /m)
    .pop()!
    .replace(/\\\n/g, ' ');
  const env: Record<string, string> = {};
  for (const line of stage.split('\n').filter((l) => l.startsWith('ENV ')))
    for (const [, k, v] of line.slice(4).matchAll(/([A-Z_]+)=(\S+)/g)) env[k] = v;
  const healthcheck = /^HEALTHCHECK (.*)$/m.exec(stage)?.[1] ?? '';
  return { env, healthcheck };
}

// No Docker engine here: the compose file is kept honest by reading it against the apps' own
// configuration classes.
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
  const services = compose.services;
  const apps: Array<[string, string, object]> = [
    ['gateway', 'gateway', GatewayEnv],
    ['scheduler', 'scheduler', SchedulerEnv],
    ['sync-worker-1', 'sync-worker', WorkerEnv],
    ['sync-worker-2', 'sync-worker', WorkerEnv],
  ];

  it('has Kafka (KRaft, official image), PostgreSQL, the gateway, the scheduler and two workers', () => {
    expect(services.kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(services.kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(services.kafka.environment?.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('1');
    expect(services.postgres.image).toMatch(/^postgres:/);
    for (const [name] of apps) expect(services[name]).toBeDefined();
    for (const name of Object.keys(services))
      expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
  });

  it.each(apps)(
    '%s uses only variables its configuration declares, and the ones it needs',
    (name, app, envClass) => {
      const s = services[name];
      const declared = new Set(envVarNames(envClass as never));
      const env = s.environment ?? {};
      for (const key of Object.keys(env))
        expect({ key, declared: declared.has(key) }).toEqual({ key, declared: true });
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(env.KAFKA_BROKERS).toBe(
        services.kafka.environment?.KAFKA_ADVERTISED_LISTENERS?.replace('PLAINTEXT://', ''),
      );
      expect(s.depends_on?.kafka.condition).toBe('service_healthy');
      expect(s.depends_on?.postgres.condition).toBe('service_healthy');
      expect(s.command?.[1]).toBe(`dist/apps/${app}/src/main.js`);
      expect(existsSync(join(ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
      const port = env.GATEWAY_PORT ?? env.SCHEDULER_HTTP_PORT ?? env.WORKER_HTTP_PORT;
      expect(s.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/health/ready`);
    },
  );

  it('gives every instance its own id and publishes the gateway port', () => {
    const ids = apps.map(([name]) => services[name].environment?.INSTANCE_ID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(services.gateway.ports?.[0]).toMatch(
      new RegExp(`:${services.gateway.environment?.GATEWAY_PORT}$`),
    );
  });

  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const image = runtimeStage(dockerfile);

  it('gives the image a HEALTHCHECK on the gateway readiness route, at the port it listens on', () => {
    expect(image.healthcheck).toMatch(/--interval=\d+s/);
    expect(image.healthcheck).toContain("'/health/ready'");
    expect(image.healthcheck).toContain('process.env.GATEWAY_PORT');
    expect(image.env.GATEWAY_PORT).toBe(services.gateway.environment?.GATEWAY_PORT);
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${image.env.GATEWAY_PORT}$`, 'm'));
    // Its default command is the gateway's, and it listens beyond the container's loopback.
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/apps\/gateway\/src\/main.js"\]$/m);
    expect(image.env.GATEWAY_HOST).toBe('0.0.0.0');
  });

  it('sets only variables the gateway declares in the image (and NODE_ENV)', () => {
    const declared = new Set([...envVarNames(GatewayEnv), 'NODE_ENV']);
    for (const key of Object.keys(image.env))
      expect({ key, declared: declared.has(key) }).toEqual({ key, declared: true });
  });

  it('writes the first admin key into the data volume, in the image and in compose', () => {
    const home = image.env.SHOPSYNC_HOME;
    expect(dockerfile).toContain(`chown node:node ${home}`);
    expect(image.env.FIRST_ADMIN_KEY_FILE).toMatch(new RegExp(`^${home}/[\\w.-]+$`));
    const gateway = services.gateway;
    const file = gateway.environment?.FIRST_ADMIN_KEY_FILE;
    expect(file).toBe(image.env.FIRST_ADMIN_KEY_FILE);
    // A named volume is mounted on the folder, so the key (and the secrets beside it) outlive
    // the container, and the workers that share the credentials key see the same folder.
    const mount = gateway.volumes?.find((v) => file!.startsWith(`${v.split(':')[1]}/`));
    expect(mount?.split(':')[1]).toBe(home);
    const volume = mount!.split(':')[0];
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    expect(services['sync-worker-1'].volumes).toContain(`${volume}:${home}`);
    // No bootstrap list in compose: the first key is the managed one.
    expect(gateway.environment?.API_KEYS).toBeUndefined();
  });

  it('builds the apps in the Dockerfile on the current LTS Node image', () => {
    expect(dockerfile).toMatch(/FROM node:26-bookworm-slim AS build/);
    expect(dockerfile).toContain('npm run build');
    expect(services.gateway.build).toBe('.');
  });
});
