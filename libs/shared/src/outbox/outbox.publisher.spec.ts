import { DataSource } from 'typeorm';
import { KafkaProducer } from '../kafka/kafka-producer.service';
import { OutboxPublisher } from './outbox.publisher';

// Shutdown order: the publisher must finish its flush before the producer and the database close,
// and start none after; a flush that outlived them would write to a closed database.
describe('OutboxPublisher shutdown', () => {
  function setup() {
    let releaseSend!: () => void;
    const sendGate = new Promise<void>((r) => (releaseSend = r));
    const rows = [{ id: 1, topic: 'shopsync.sync.requested.v1', key: 'k', payload: '{}' }];
    const repo = {
      find: jest.fn().mockResolvedValueOnce(rows).mockResolvedValue([]),
      update: jest.fn().mockResolvedValue(undefined),
      increment: jest.fn().mockResolvedValue(undefined),
    };
    const ds = { getRepository: () => repo } as unknown as DataSource;
    const producer = {
      send: jest.fn().mockImplementation(() => sendGate),
      partitionOf: jest.fn().mockResolvedValue(0),
      batchLimitOf: jest.fn().mockResolvedValue(0),
    } as unknown as KafkaProducer;
    return { publisher: new OutboxPublisher(ds, producer), repo, producer, releaseSend };
  }

  it('waits for the flush in flight, which marks its rows published', async () => {
    const { publisher, repo, releaseSend } = setup();
    const flushing = publisher.flush();
    await new Promise((r) => setImmediate(r));
    let closed = false;
    const closing = publisher.beforeApplicationShutdown().then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    releaseSend();
    await closing;
    expect(await flushing).toBe(1);
    expect(repo.update).toHaveBeenCalledTimes(1);
  });

  it('starts no flush after shutdown began', async () => {
    const { publisher, repo, producer } = setup();
    await publisher.beforeApplicationShutdown();
    publisher.kick();
    expect(await publisher.flush()).toBe(0);
    expect(repo.find).not.toHaveBeenCalled();
    expect(producer.send).not.toHaveBeenCalled();
  });
});

// A flush's partitions share one produce request when their rows fit well within the topic's
// limit; a partition near it, or all of them when the limit is unknown, go one per request.
describe('OutboxPublisher requests per flush', () => {
  const requested = 'shopsync.sync.requested.v1';
  const lifecycle = 'shopsync.sync.lifecycle.v1';
  function setup(limit: number, rows: Array<{ topic: string; key: string; payload: string }>) {
    const stored = rows.map((r, i) => ({ id: i + 1, headers: null, ...r }));
    const repo = {
      find: jest.fn().mockResolvedValueOnce(stored).mockResolvedValue([]),
      update: jest.fn().mockResolvedValue(undefined),
    };
    const ds = { getRepository: () => repo } as unknown as DataSource;
    const producer = {
      send: jest.fn().mockResolvedValue(undefined),
      sendMany: jest.fn().mockResolvedValue(undefined),
      // The key names its partition: `p3/...` is partition 3.
      partitionOf: jest.fn((_topic: string, key: string) => Promise.resolve(Number(key[1]))),
      batchLimitOf: jest.fn().mockResolvedValue(limit),
    };
    const publisher = new OutboxPublisher(ds, producer as unknown as KafkaProducer);
    return { publisher, producer, repo };
  }
  const event = (id: string) => JSON.stringify({ specversion: '1.0', id, data: { id } });
  const rows = [
    { topic: requested, key: 'p0/a', payload: event('1') },
    { topic: lifecycle, key: 'p0/a', payload: event('2') },
    { topic: requested, key: 'p1/b', payload: event('3') },
    { topic: requested, key: 'p0/a', payload: event('4') },
  ];

  it('sends every partition of both topics in one request, each partition in id order', async () => {
    const { publisher, producer, repo } = setup(1_000_000, rows);
    expect(await publisher.flush()).toBe(4);
    expect(producer.send).not.toHaveBeenCalled();
    expect(producer.sendMany).toHaveBeenCalledTimes(1);
    const batches = producer.sendMany.mock.calls[0][0] as Array<{
      topic: string;
      messages: Array<{ key: string; value: string; partition: number }>;
    }>;
    const sent = batches.map((b) => [b.topic, b.messages.map((m) => JSON.parse(m.value).id)]);
    // One entry per topic: kafkajs keeps only the last entry of a topic named twice.
    expect(sent).toEqual([
      [requested, ['1', '4', '3']],
      [lifecycle, ['2']],
    ]);
    expect(batches[0].messages.map((m) => m.partition)).toEqual([0, 0, 1]);
    expect(repo.update).toHaveBeenCalledTimes(1);
  });

  it('sends one partition per request when the limit is unknown', async () => {
    const { publisher, producer } = setup(0, rows);
    expect(await publisher.flush()).toBe(4);
    expect(producer.sendMany).not.toHaveBeenCalled();
    expect(producer.send).toHaveBeenCalledTimes(3);
  });

  it('sends a partition near the limit on its own, the others together', async () => {
    const big = { topic: requested, key: 'p2/c', payload: 'x'.repeat(600) };
    const { publisher, producer } = setup(1000, [...rows, big]);
    expect(await publisher.flush()).toBe(5);
    expect(producer.sendMany).toHaveBeenCalledTimes(1);
    const shared = producer.sendMany.mock.calls[0][0] as Array<{ messages: unknown[] }>;
    expect(shared.flatMap((b) => b.messages)).toHaveLength(4);
    expect(producer.send).toHaveBeenCalledTimes(1);
    expect(producer.send.mock.calls[0][1][0].partition).toBe(2);
  });

  it('falls back to one request per partition when the shared one is refused', async () => {
    const { publisher, producer } = setup(1_000_000, rows);
    producer.sendMany.mockRejectedValueOnce(
      Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' }),
    );
    expect(await publisher.flush()).toBe(4);
    expect(producer.send).toHaveBeenCalledTimes(3);
  });

  it('stops the flush on any other error, leaving the rows for the next one', async () => {
    const { publisher, producer, repo } = setup(1_000_000, rows);
    producer.sendMany.mockRejectedValueOnce(new Error('broker gone'));
    await expect(publisher.flush()).rejects.toThrow('broker gone');
    expect(producer.send).not.toHaveBeenCalled();
    expect(repo.update).not.toHaveBeenCalledWith(expect.anything(), {
      publishedAt: expect.any(Date),
    });
  });
});
