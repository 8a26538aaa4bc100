import type { LookupAddress } from 'node:dns';
import {
  callbackUrlProblem,
  forbiddenAddressKind,
  guardedLookup,
  Lookup,
  resolvedHostProblem,
} from './callback-address';

const strict = { allowHttp: false, allowPrivate: false };
const resolvingTo =
  (...addresses: string[]): Lookup =>
  (_host, _options, callback) =>
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

describe('callback addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd00::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
  ])('%s is %s', (address, kind) => {
    expect(forbiddenAddressKind(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '172.32.0.1', '93.184.215.14', '2606:4700::1111'])(
    '%s is a public address',
    (address) => expect(forbiddenAddressKind(address)).toBeNull(),
  );

  it.each([
    ['https://127.0.0.1/hook', 'loopback address (127.0.0.1)'],
    ['https://2130706433/hook', 'loopback address (127.0.0.1)'],
    ['https://0x7f.1/hook', 'loopback address (127.0.0.1)'],
    ['https://[::1]:8443/hook', 'loopback address ([::1])'],
    ['https://[::ffff:127.0.0.1]/hook', 'loopback address'],
    ['https://localhost/hook', 'loopback address (localhost)'],
    ['https://api.localhost/hook', 'loopback address (api.localhost)'],
    ['https://10.0.0.5/hook', 'private address (10.0.0.5)'],
    ['https://169.254.169.254/latest/meta-data', 'link-local address (169.254.169.254)'],
    ['http://erp.example.com/hook', 'must be an https:// URL'],
    ['ftp://erp.example.com/hook', 'must be an https:// URL'],
    ['https://user:pw@erp.example.com/hook', 'must not carry a user name or password'],
    ['erp.example.com/hook', 'must be an absolute https:// URL'],
    [`https://erp.example.com/${'a'.repeat(2048)}`, 'at most 2048 characters'],
  ])('refuses %s', (url, reason) => {
    expect(callbackUrlProblem(url, strict)).toContain(reason);
  });

  it('takes a public https URL, and plain http or a private address only when allowed', () => {
    expect(callbackUrlProblem('https://erp.example.com/hooks?x=1', strict)).toBeNull();
    expect(
      callbackUrlProblem('http://127.0.0.1:9/h', { allowHttp: true, allowPrivate: false }),
    ).toContain('loopback');
    expect(
      callbackUrlProblem('http://127.0.0.1:9/h', { allowHttp: true, allowPrivate: true }),
    ).toBeNull();
  });

  it('refuses a name that resolves to a private address, even among public ones', async () => {
    expect(
      await resolvedHostProblem('evil.example', strict, resolvingTo('8.8.8.8', '10.0.0.1')),
    ).toContain('evil.example resolves to 10.0.0.1');
    expect(await resolvedHostProblem('ok.example', strict, resolvingTo('8.8.8.8'))).toBeNull();
  });

  it('checks the address connected to at delivery (DNS rebinding)', async () => {
    const lookup = guardedLookup(strict, resolvingTo('127.0.0.1'));
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      lookup('rebound.example', {}, (e) => resolve(e)),
    );
    expect(error?.code).toBe('CALLBACK_ADDRESS_REFUSED');
    expect(error?.message).toContain('127.0.0.1, a loopback address');
    const allowed = guardedLookup(strict, resolvingTo('8.8.8.8'));
    const address = await new Promise<string | LookupAddress[]>((resolve) =>
      allowed('ok.example', {}, (_e, a) => resolve(a)),
    );
    expect(address).toBe('8.8.8.8');
  });
});
