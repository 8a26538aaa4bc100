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
}

// No Docker engine here: the compose file is kept honest by reading it against the apps' own
// configuration classes.
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, Service> };
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

  it('builds the apps in the Dockerfile on the current LTS Node image', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/FROM node:26-bookworm-slim AS build/);
    expect(dockerfile).toContain('npm run build');
    expect(services.gateway.build).toBe('.');
  });
});
