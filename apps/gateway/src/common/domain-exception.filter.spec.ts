import { ArgumentsHost, Logger } from '@nestjs/common';
import { DomainError, ERROR_CODES, ErrorCode } from '@shopsync/shared';
import { DOMAIN_ERROR_STATUS, DomainExceptionFilter } from './domain-exception.filter';

function respond(exception: unknown): { status?: number; body?: Record<string, unknown> } {
  const sent: { status?: number; body?: Record<string, unknown> } = {};
  const res = {
    setHeader: () => res,
    status: (status: number) => {
      sent.status = status;
      return res;
    },
    json: (body: Record<string, unknown>) => {
      sent.body = body;
      return res;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => res }),
  } as unknown as ArgumentsHost;
  new DomainExceptionFilter().catch(exception, host);
  return sent;
}

describe('DomainExceptionFilter', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('maps every error code to an HTTP error status, and nothing else', () => {
    const codes = Object.values(ERROR_CODES).sort();
    expect(Object.keys(DOMAIN_ERROR_STATUS).sort()).toEqual(codes);
    for (const code of codes) {
      const status = DOMAIN_ERROR_STATUS[code];
      expect({ code, status }).toEqual({ code, status: expect.any(Number) });
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it.each(Object.values(ERROR_CODES))('answers %s with its mapped status', (code) => {
    const sent = respond(new DomainError(code, 'what went wrong'));
    expect(sent.status).toBe(DOMAIN_ERROR_STATUS[code]);
    expect(sent.body).toMatchObject({ code, message: 'what went wrong' });
  });

  it('answers a code from outside ERROR_CODES as an internal error, hiding the message', () => {
    const sent = respond(new DomainError('NOT_A_CODE' as ErrorCode, 'secret internals'));
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ code: ERROR_CODES.internal, errorId: expect.any(String) });
    expect(JSON.stringify(sent.body)).not.toContain('secret internals');
  });
});
