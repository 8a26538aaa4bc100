import { ERROR_CODES } from '../domain/errors';
import { afterLostWorker } from './lost-worker';

describe('afterLostWorker', () => {
  it.each([
    [1, 3, { next: true, attempt: 2 }],
    [2, 3, { next: true, attempt: 3 }],
    [3, 3, { next: false, status: 'failed', errorCode: ERROR_CODES.workerLost }],
    [1, 1, { next: false, status: 'failed', errorCode: 'WORKER_LOST' }],
  ])('attempt %i of %i: %o', (attempt, maxAttempts, expected) => {
    expect(afterLostWorker({ attempt, maxAttempts })).toEqual(expected);
  });
});
