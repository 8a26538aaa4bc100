import { GraphQLEnumType } from 'graphql';
import { grantsScope, TASK_SCOPES, TASK_WEBHOOK_TOPICS, topicHeader } from '@shopsync/shared';
import { loadAdminSchema } from './shopify-sim';
import { topicScopes } from './shopify-sim/state/webhook-subscriptions';

// TASK_WEBHOOK_TOPICS names values of the real 2026-04 WebhookSubscriptionTopic enum, and a
// task's grant (TASK_SCOPES) covers the scope each of its topics requires.
describe('TASK_WEBHOOK_TOPICS against the Shopify Admin schema (2026-04)', () => {
  const { schema } = loadAdminSchema();
  const topics = schema.getType('WebhookSubscriptionTopic') as GraphQLEnumType;

  it.each(Object.entries(TASK_WEBHOOK_TOPICS))('%s: %j', (task, names) => {
    for (const topic of names) {
      const value = topics.getValue(topic);
      expect({ topic, inSchema: Boolean(value) }).toEqual({ topic, inSchema: true });
      expect(value?.description).toContain(`\`${topicHeader(topic)}\``);
      const needs = topicScopes(schema, topic);
      const granted = TASK_SCOPES[task as keyof typeof TASK_SCOPES];
      expect({ topic, covered: needs.some((s) => grantsScope(granted, s)) }).toEqual({
        topic,
        covered: true,
      });
    }
  });
});
