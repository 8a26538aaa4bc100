// Every topic name in one place. A published version never changes shape: add v2 beside v1.
export const TOPICS = {
  syncRequested: 'shopsync.sync.requested.v1',
  syncCommands: 'shopsync.sync.commands.v1',
  syncLifecycle: 'shopsync.sync.lifecycle.v1',
  erpInbound: 'shopsync.erp.inbound.v1',
  erpOutbound: 'shopsync.erp.outbound.v1',
  dlq: 'shopsync.dlq.v1',
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

// A prefix lets several isolated deployments (or test suites) share one cluster.
export function topicName(base: TopicName, prefix = ''): string {
  return `${prefix}${base}`;
}
