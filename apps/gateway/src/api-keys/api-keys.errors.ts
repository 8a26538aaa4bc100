import { DomainError, ERROR_CODES } from '@shopsync/shared';
import { KEY_ID } from './api-key-hasher';

export class ApiKeyNotFound extends DomainError {
  // Only an id of the right shape is echoed: a whole key pasted into the path must not end up
  // in an answer or a log.
  constructor(id: string) {
    super(
      ERROR_CODES.apiKeyNotFound,
      KEY_ID.test(id) ? `API key '${id}' does not exist` : 'no API key has this id',
    );
  }
}
