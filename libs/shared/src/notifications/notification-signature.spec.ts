import { createHmac } from 'node:crypto';
import { notificationRefusal, signNotification } from './notification-signature';

describe('notification signatures', () => {
  const secret = 'nsec_test';
  const body = '{"id":"e1","type":"job.failed"}';

  it('is HMAC-SHA256 over "<timestamp>.<body>", hex, as v1=', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signNotification(secret, 1700000000, body)).toBe(`v1=${expected}`);
  });

  it('accepts a genuine, recent delivery', () => {
    const signature = signNotification(secret, 1700000000, body);
    expect(
      notificationRefusal({
        secret,
        timestamp: '1700000000',
        signature,
        body,
        nowSeconds: 1700000100,
      }),
    ).toBeNull();
  });

  it('refuses another body, another secret, another timestamp, and an old one', () => {
    const signature = signNotification(secret, 1700000000, body);
    const base = { secret, timestamp: '1700000000', signature, body, nowSeconds: 1700000000 };
    expect(notificationRefusal({ ...base, body: `${body} ` })).toBe('signature does not match');
    expect(notificationRefusal({ ...base, secret: 'other' })).toBe('signature does not match');
    expect(notificationRefusal({ ...base, timestamp: '1700000001' })).toBe(
      'signature does not match',
    );
    expect(notificationRefusal({ ...base, nowSeconds: 1700000301 })).toBe(
      'timestamp outside the tolerance',
    );
    expect(notificationRefusal({ ...base, timestamp: undefined })).toBe('no timestamp');
    expect(notificationRefusal({ ...base, signature: undefined })).toBe('signature does not match');
  });
});
