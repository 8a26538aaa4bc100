import { logLevel } from 'kafkajs';
import { kafkajsSeverity } from './kafkajs-log-level';

describe('kafkajsSeverity', () => {
  it('keeps transient boot answers (leaders, coordinators, topics created twice) out of errors', () => {
    const leader = 'This server is not the leader for that topic-partition';
    expect(
      kafkajsSeverity(logLevel.ERROR, 'Response ListOffsets(key: 2, version: 3)', leader),
    ).toBe('debug');
    expect(
      kafkajsSeverity(
        logLevel.ERROR,
        'Response CreateTopics(key: 19, version: 3)',
        'Topic creation errors',
      ),
    ).toBe('debug');
    expect(
      kafkajsSeverity(
        logLevel.ERROR,
        'Response FindCoordinator(key: 10, version: 2)',
        'The group coordinator is not available',
      ),
    ).toBe('debug');
    expect(
      kafkajsSeverity(
        logLevel.ERROR,
        'The coordinator is not aware of this member, re-joining the group',
      ),
    ).toBe('info');
    // Its restart of a crashed consumer: the crash is logged by our consumer.
    expect(kafkajsSeverity(logLevel.ERROR, 'Restarting the consumer in 300ms')).toBe('warn');
  });

  it('keeps genuine failures as errors, unreachable brokers as warnings', () => {
    expect(kafkajsSeverity(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded: boom')).toBe(
      'error',
    );
    expect(
      kafkajsSeverity(
        logLevel.ERROR,
        'Response Produce(key: 0, version: 7)',
        'The request included a message larger than the max message size',
      ),
    ).toBe('warn');
    expect(
      kafkajsSeverity(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:1'),
    ).toBe('warn');
    expect(kafkajsSeverity(logLevel.WARN, 'KafkaJS v2.0.0 switched default partitioner')).toBe(
      'debug',
    );
    expect(kafkajsSeverity(logLevel.WARN, 'something odd')).toBe('warn');
  });
});
