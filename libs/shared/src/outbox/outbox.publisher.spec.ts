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
