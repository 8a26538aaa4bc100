import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { offlineOpenApiDocument } from './openapi-offline';

const run = promisify(execFile);
const root = resolve(__dirname, '../../../..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

// The README's own calls, against the client openapi-typescript generates from the document:
// every response it reads must be typed (a `never` or `unknown` body would not compile).
const PROGRAM = `
import type { paths } from './api';

type Json<P extends keyof paths, M extends keyof paths[P], S extends number> =
  paths[P][M] extends { responses: infer R }
    ? S extends keyof R
      ? R[S] extends { content: { 'application/json': infer B } }
        ? B
        : never
      : never
    : never;
type Body<P extends keyof paths, M extends keyof paths[P]> =
  paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
// True only for a real type: neither never, nor unknown, nor any.
type Known<T> = [T] extends [never] ? false : unknown extends T ? false : true;
const known = <T>(ok: Known<T>): Known<T> => ok;

const shop: Body<'/v1/shops', 'post'> = {
  code: 'eu-store',
  domain: 'eu-store.myshopify.com',
  accessToken: 'shpat_example',
};
const created: Json<'/v1/shops', 'post', 201> = {} as Json<'/v1/shops', 'post', 201>;
const code: string = created.code;
const webhooks: 'not-configured' | 'not-needed' | 'pending' | 'synced' | 'failed' = created.webhooks.status;

const sync: Body<'/v1/shops/{code}/syncs', 'post'> = { task: 'inventory' };
type Accepted = Json<'/v1/shops/{code}/syncs', 'post', 202>;
const accepted = {} as Accepted;
known<Accepted>(true);
const coalesced: boolean = accepted.coalesced;

type Job = Json<'/v1/jobs/{id}', 'get', 200>;
const job = {} as Job;
known<Job>(true);
const status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'retry-scheduled' | 'skipped' | 'delayed' | 'expired' | 'waiting' =
  job.status;
const notBefore: string | null = job.notBefore;
const timeoutSeconds: number | null = job.timeoutSeconds;
const processed: number | undefined = job.progress?.processed;
const finishedAt: string | null = job.finishedAt;

type Feed = Json<'/v1/erp/sales-orders', 'get', 200>;
const feed = {} as Feed;
known<Feed>(true);
const next: string | null = feed.next;
const total: string | undefined = feed.items[0]?.amounts.total;
const sku: string | undefined = feed.items[0]?.lines[0]?.sku;

// The ERP side, field by field: a batch item and the documents of the other feeds.
const items: Body<'/v1/erp/items', 'put'> = {
  items: [{ itemNo: 'TSHIRT-1', title: 'T-shirt', variants: [{ sku: 'TSHIRT-1-S', options: ['S'], price: 19.95 }] }],
};
const price: number | undefined = items.items[0]?.variants[0]?.price;
const stock: Body<'/v1/erp/stock', 'put'> = { stock: [{ sku: 'TSHIRT-1-S', locationCode: 'MAIN', onHand: 12 }] };
const shipment: Body<'/v1/erp/shipments', 'post'>['shipments'][number] = {
  shop: 'eu-store',
  number: 'SHIP-1001',
  shopifyOrderId: 'gid://shopify/Order/1001',
  lines: [{ sku: 'TSHIRT-1-S', quantity: 1 }],
};
type Memos = Json<'/v1/erp/credit-memos', 'get', 200>;
known<Memos>(true);
const memo = {} as Memos['items'][number];
const refundedAt: string = memo.refundedAt;
const memoLineKind: 'item' | 'shipping' | 'tip' | 'gift-card' | 'refund' | undefined = memo.lines[0]?.kind;
const payout = {} as Json<'/v1/erp/payouts', 'get', 200>['items'][number];
const final: boolean = payout.final;
const chargesFee: string | undefined = payout.summary?.chargesFee;
const consent = {} as Json<'/v1/erp/customers', 'get', 200>['items'][number];
const optIn: string | null | undefined = consent.emailMarketingConsent?.optInLevel;
const dispute = {} as Json<'/v1/erp/disputes', 'get', 200>['items'][number];
const evidenceDueBy: string | null = dispute.evidenceDueBy;

type Failure = Json<'/v1/jobs/{id}', 'get', 404>;
const failure = {} as Failure;
const field: string | undefined = failure.errors?.[0]?.field;

export const used = [shop, code, webhooks, sync, coalesced, status, notBefore, timeoutSeconds, processed, finishedAt, next, total, sku, field, items, price, stock, shipment, refundedAt, memoLineKind, final, chargesFee, optIn, evidenceDueBy];
`;

describe('OpenAPI document for tools', () => {
  // redocly, openapi-typescript and tsc as processes: seconds each, more on a busy machine.
  jest.setTimeout(120_000);

  let dir: string;
  let docPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shopsync-openapi-client-'));
    docPath = join(dir, 'openapi.json');
    writeFileSync(docPath, JSON.stringify(await offlineOpenApiDocument()));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'es2022',
          module: 'commonjs',
          skipLibCheck: true,
        },
        include: ['*.ts'],
      }),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes redocly lint with the repository config (0 errors)', async () => {
    const { stdout, stderr } = await run(
      bin('redocly'),
      ['lint', docPath, '--config', join(root, 'redocly.yaml'), '--format', 'summary'],
      { cwd: dir },
    ).catch((e: { stdout: string; stderr: string }) => {
      throw new Error(`redocly lint failed:\n${e.stdout}\n${e.stderr}`);
    });
    expect(`${stdout}${stderr}`).not.toMatch(/^error/m);
  });

  it('generates a typed client that a program using the README calls compiles against', async () => {
    await run(bin('openapi-typescript'), [docPath, '-o', join(dir, 'api.ts')]);
    writeFileSync(join(dir, 'program.ts'), PROGRAM);
    const tsc = await run(bin('tsc'), ['-p', dir]).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(tsc).toBe('');
  });

  it('refuses an ERP item or a feed document of the wrong type', async () => {
    writeFileSync(
      join(dir, 'program.ts'),
      `import type { paths } from './api';
type Items = paths['/v1/erp/items']['put']['requestBody']['content']['application/json'];
type Payouts = paths['/v1/erp/payouts']['get']['responses'][200]['content']['application/json'];
export const item: Items['items'][number] = {
  itemNo: 'TSHIRT-1',
  title: 'T-shirt',
  variants: [{ sku: 'TSHIRT-1-S', options: ['S'], price: '19.95' }],
};
export const net = (p: Payouts['items'][number]): number => p.net;
`,
    );
    const tsc = await run(bin('tsc'), ['-p', dir]).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(tsc).toMatch(
      /program\.ts\(7,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
    expect(tsc).toMatch(
      /program\.ts\(9,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
  });

  it('refuses a program that reads a field the job does not have', async () => {
    writeFileSync(
      join(dir, 'program.ts'),
      `import type { paths } from './api';
type Job = paths['/v1/jobs/{id}']['get']['responses'][200]['content']['application/json'];
export const f = (job: Job): string => job.notAField;
`,
    );
    const tsc = await run(bin('tsc'), ['-p', dir]).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(tsc).toMatch(/TS2339: Property 'notAField' does not exist/);
  });
});
