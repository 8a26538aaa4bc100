import { randomBytes } from 'node:crypto';
import { Admin } from 'kafkajs';
import { loadEnv, TOPICS, topicName } from '@shopsync/shared';
import { inProcessGateway } from '@test/support/gateway-in-process';
import { KAFKA_BROKERS } from '@test/support/env';
import { eventually } from '@test/support/eventually';
import { testKafka } from '@test/support/kafka';
import { gatewayConfig, GatewayEnv } from './config/gateway-env';
import { connectKafkaConsumers, LIFECYCLE_GROUP_PREFIX } from './kafka-consumers';

// Each gateway start used to leave its own lifecycle consumer group behind for good.
describe('the gateway lifecycle consumer group', () => {
  const topicPrefix = `lg${randomBytes(3).toString('hex')}.`;
  const groupPrefix = `${topicPrefix}${LIFECYCLE_GROUP_PREFIX}`;
  const kafka = testKafka();
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.disconnect();
  });

  async function lifecycleGroups(): Promise<string[]> {
    const { groups } = await admin.listGroups();
    return groups.map((g) => g.groupId).filter((id) => id.startsWith(groupPrefix));
  }

  // One gateway run as main.ts wires it, on the shared topic prefix: started, joined, closed.
  async function gatewayRun(): Promise<{ whileUp: string[]; after: string[] }> {
    const env = { KAFKA_TOPIC_PREFIX: topicPrefix, KAFKA_BROKERS };
    const { app } = await inProcessGateway(env);
    connectKafkaConsumers(app, gatewayConfig(loadEnv(GatewayEnv, env)));
    await app.startAllMicroservices();
    const whileUp = await eventually(async () => {
      const groups = await lifecycleGroups();
      const [described] = (await admin.describeGroups(groups)).groups.filter(
        (g) => g.state === 'Stable',
      );
      if (!described) throw new Error(`no joined lifecycle group yet: ${groups.join(', ')}`);
      return groups;
    }, 60_000);
    await app.close();
    return { whileUp, after: await lifecycleGroups() };
  }

  it('is one group while a gateway runs, and none once it stopped, start after start', async () => {
    for (let run = 1; run <= 2; run++) {
      const { whileUp, after } = await gatewayRun();
      expect({ run, whileUp: whileUp.length, after }).toEqual({ run, whileUp: 1, after: [] });
    }
  });

  it('deletes the group a gateway that died left behind, when the next one starts', async () => {
    // A gateway that dies leaves an empty group with committed offsets.
    const dead = `${groupPrefix}gw-dead-${randomBytes(2).toString('hex')}`;
    const topic = topicName(TOPICS.syncLifecycle, topicPrefix);
    const consumer = kafka.consumer({ groupId: dead, sessionTimeout: 10000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({ eachMessage: async () => undefined });
    await eventually(async () => {
      const [g] = (await admin.describeGroups([dead])).groups;
      if (g.state !== 'Stable') throw new Error(g.state);
    }, 60_000);
    await consumer.disconnect();
    expect(await lifecycleGroups()).toEqual([dead]);

    const { whileUp, after } = await gatewayRun();
    expect(whileUp).toHaveLength(1);
    expect(whileUp).not.toContain(dead);
    expect(after).toEqual([]);
  });
});
