import { Client } from 'pg';
import { quietKafkajsNegativeTimeouts } from '../../libs/shared/src/kafka/kafkajs-warnings';
import { ensurePostgresRunning, kafkaScript, KAFKA_PORT, PG_ADMIN_URL } from './env';

// Runs once before the integration and end-to-end tiers: the real Kafka (from the project's
// script) and the real PostgreSQL must be up.
export default async function globalSetup(): Promise<void> {
  // The tiers run in band, in this process: its test Kafka clients would warn like the apps'.
  quietKafkajsNegativeTimeouts();
  // Workers inherit this: databases of this run carry it in their names.
  process.env.SHOPSYNC_TEST_RUN ??= `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
  const out = kafkaScript(['start'], { KAFKA_PORT: String(KAFKA_PORT) });
  process.stdout.write(`\n${out.trim()}\n`);
  await waitForPostgres();
}

async function waitForPostgres(): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const client = new Client({ connectionString: PG_ADMIN_URL });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (attempt === 0) ensurePostgresRunning();
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL}`);
}
