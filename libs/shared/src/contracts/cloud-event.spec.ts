import { DataSource } from 'typeorm';
import type { JobEntity, OutboxEntity } from '../database/entities';
import { ContractViolation } from '../domain/errors';
import { lifecycleMessageOf } from '../jobs/job-messages';
import type { KafkaProducer, OutgoingMessage } from '../kafka/kafka-producer.service';
import { OutboxPublisher, rowsOf } from '../outbox/outbox.publisher';
import { decodeEvent, encodeEvent } from './cloud-event';
import { TOPICS } from './topics';

const JOB_ID = '6f1c1f38-7a51-4a8e-9a4e-0c1f0b1e2d3c';
const SHOP_ID = '0b6c0f1a-2d3e-4f50-8a6b-7c8d9e0f1a2b';
const job = {
  id: JOB_ID,
  shopId: SHOP_ID,
  category: 'default',
  status: 'running',
  attempt: 1,
  traceId: 'abc',
} as JobEntity;

// Sends every row the mocked repository hands out, twice over (a flush, then a re-publish).
async function publishTwice(row: Partial<OutboxEntity>): Promise<OutgoingMessage[]> {
  // One find per flush (fewer rows than a batch).
  const repo = {
    find: jest.fn().mockResolvedValueOnce([row]).mockResolvedValueOnce([row]),
    update: jest.fn().mockResolvedValue(undefined),
  };
  const sent: OutgoingMessage[] = [];
  const producer = {
    send: jest.fn(async (_topic: string, messages: OutgoingMessage[]) => {
      sent.push(...messages);
    }),
    partitionOf: jest.fn().mockResolvedValue(0),
    batchLimitOf: jest.fn().mockResolvedValue(0),
  } as unknown as KafkaProducer;
  const ds = { getRepository: () => repo } as unknown as DataSource;
  const publisher = new OutboxPublisher(ds, producer);
  await publisher.flush();
  await publisher.flush();
  return sent;
}

describe('CloudEvents envelopes', () => {
  it('wraps a lifecycle event with its attributes, subject the job, source the shop', () => {
    const at = new Date('2026-12-01T10:00:00.000Z');
    const event = JSON.parse(lifecycleMessageOf(job, at).value) as Record<string, unknown>;
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: `/shopsync/shops/${SHOP_ID}`,
      type: 'dev.shopsync.job.lifecycle.v1',
      subject: JOB_ID,
      time: at.toISOString(),
      datacontenttype: 'application/json',
      dataschema: 'https://shopsync.dev/schemas/events/sync-lifecycle.v1.json',
      data: expect.objectContaining({ jobId: JOB_ID, status: 'running', attempt: 1 }),
    });
  });

  it('names the ERP document type in the event type and the document in the subject', () => {
    const document = { id: 'doc-1' } as never;
    const value = encodeEvent(TOPICS.erpOutbound, `${SHOP_ID}/payment/doc-1`, {
      docType: 'payment',
      shopId: SHOP_ID,
      document,
    });
    expect(JSON.parse(value)).toMatchObject({
      type: 'dev.shopsync.erp.payment.v1',
      subject: 'doc-1',
      dataschema: 'https://shopsync.dev/schemas/events/erp-outbound.v1.json',
    });
  });

  it('gives an outbox row its envelope once: a re-publish sends the same event id', async () => {
    const [row] = rowsOf(
      [{ topic: TOPICS.syncRequested, key: `${SHOP_ID}/default`, payload: { jobId: JOB_ID } }],
      new Date(),
    );
    const sent = await publishTwice({ ...row, id: 7 });
    expect(sent).toHaveLength(2);
    expect(sent[0].value).toBe(row.payload);
    expect(sent[1].value).toBe(row.payload);
    expect(JSON.parse(row.payload)).toMatchObject({ data: { jobId: JOB_ID }, subject: JOB_ID });
  });

  it('wraps a row written before envelopes existed, with an id that the row decides', async () => {
    const legacy = {
      id: 42,
      topic: TOPICS.syncRequested,
      key: `${SHOP_ID}/default`,
      payload: JSON.stringify({ jobId: JOB_ID, shopId: SHOP_ID }),
      createdAt: new Date('2026-11-30T08:00:00.000Z'),
    };
    const [first, again] = (await publishTwice(legacy)).map(
      (m) => JSON.parse(m.value) as Record<string, unknown>,
    );
    expect(first).toMatchObject({
      specversion: '1.0',
      type: 'dev.shopsync.sync.requested.v1',
      time: '2026-11-30T08:00:00.000Z',
      data: { jobId: JOB_ID, shopId: SHOP_ID },
    });
    expect(again.id).toBe(first.id);
  });
});

describe('decodeEvent', () => {
  const command = { shop: 'acme', task: 'orders' };
  const envelope = (extra: Record<string, unknown> = {}) => ({
    specversion: '1.0',
    id: 'e-1',
    source: '/erp',
    type: 'dev.shopsync.sync.command.v1',
    data: command,
    ...extra,
  });
  const refusal = (topic: (typeof TOPICS)[keyof typeof TOPICS], raw: unknown): string => {
    try {
      decodeEvent(topic, raw);
    } catch (error) {
      expect(error).toBeInstanceOf(ContractViolation);
      return (error as Error).message;
    }
    throw new Error('not refused');
  };

  it('takes both an envelope and the bare payload on the topics other systems write to', () => {
    expect(decodeEvent(TOPICS.syncCommands, envelope())).toEqual({
      data: command,
      event: expect.objectContaining({ id: 'e-1', type: 'dev.shopsync.sync.command.v1' }),
    });
    expect(decodeEvent(TOPICS.syncCommands, command)).toEqual({ data: command });
    expect(decodeEvent(TOPICS.erpInbound, { entity: 'stock', data: {} }).event).toBeUndefined();
  });

  it("refuses a bare payload on shopsync's own topics", () => {
    expect(refusal(TOPICS.syncRequested, { jobId: JOB_ID })).toMatch(
      /\(root\): must be a CloudEvents 1.0 envelope/,
    );
  });

  it('names every bad attribute of an envelope', () => {
    const message = refusal(
      TOPICS.syncCommands,
      envelope({
        specversion: '0.3',
        id: '',
        type: 'dev.shopsync.job.lifecycle.v1',
        time: 'yesterday',
        datacontenttype: 'application/xml',
        data: undefined,
        data_base64: 'AAAA',
      }),
    );
    expect(message).toContain('specversion: must be "1.0"');
    expect(message).toContain('id: must be a non-empty string');
    expect(message).toContain('type: must be one of dev.shopsync.sync.command.v1');
    expect(message).toContain('time: must be an RFC 3339 timestamp');
    expect(message).toContain('datacontenttype: must be application/json');
    expect(message).toContain('data_base64: is not accepted');
  });
});
