import { Kafka } from 'kafkajs';
import { TOPICS, topicName, TopicName } from '../contracts/topics';
import type { KafkaSettings } from '../config/common-env';

// Apps create their topics (the broker does not auto-create): idempotent, safe to race.
export async function ensureTopics(
  kafka: Kafka,
  settings: KafkaSettings,
  topics: TopicName[] = Object.values(TOPICS),
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics
      .map((t) => topicName(t, settings.topicPrefix))
      .filter((t) => !existing.has(t));
    if (!missing.length) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: settings.partitions,
          replicationFactor: -1,
        })),
      });
    } catch (error) {
      // Another instance created them first.
      if (!/already exists/i.test(String((error as Error).message))) throw error;
    }
  } finally {
    await admin.disconnect();
  }
}
