import { simGraphql } from './sim-client';
import { ShopifySimulator, startShopifySimulator } from './simulator';

// bulkOperationRunMutation: the staged upload, the mutation's checks (Shopify's import limits,
// one bulk mutation per shop at a time), each line run through the ordinary resolvers, and the
// result file.

const SET = `mutation($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
  productSet(identifier: $identifier, input: $input) {
    product { id handle variants(first: 10) { nodes { id sku } } }
    userErrors { field message code }
  }
}`;
const RUN = `mutation($m: String!, $path: String!) {
  bulkOperationRunMutation(mutation: $m, stagedUploadPath: $path) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`;
const STATUS = `query($id: ID!) { bulkOperation(id: $id) { id status type objectCount rootObjectCount url errorCode } }`;

interface RunReply {
  bulkOperationRunMutation: {
    bulkOperation: { id: string; status: string } | null;
    userErrors: { field: string[] | null; message: string; code: string }[];
  };
}
interface Status {
  bulkOperation: {
    id: string;
    status: string;
    type: string;
    objectCount: string;
    rootObjectCount: string;
    url: string | null;
    errorCode: string | null;
  };
}

describe('shopify-sim bulk mutations', () => {
  let sim: ShopifySimulator;
  const domain = 'bulk-mut.myshopify.com';
  const token = 'shpat_bulk_mut';
  const gql = <T>(query: string, variables?: Record<string, unknown>) =>
    simGraphql<T>(sim.url, token, query, variables);

  beforeAll(async () => {
    sim = await startShopifySimulator({ bulkDelayMs: 30, emitWebhooks: false });
  });
  afterAll(async () => sim.close());
  beforeEach(() => {
    sim.reset();
    sim.createShop({ domain, accessToken: token, seed: { products: 0, locations: 1, seed: 3 } });
  });

  type Target = { url: string; parameters: { name: string; value: string }[] };

  // stagedUploadsCreate for bulk mutation variables: the target to POST the file to.
  async function stage(): Promise<Target> {
    const staged = await gql<{ stagedUploadsCreate: { stagedTargets: Target[] } }>(
      'mutation { stagedUploadsCreate(input: [{resource: BULK_MUTATION_VARIABLES, filename: "v.jsonl", mimeType: "text/jsonl", httpMethod: POST}]) { stagedTargets { url parameters { name value } } userErrors { message } } }',
    );
    const target = staged.body.data?.stagedUploadsCreate.stagedTargets[0];
    if (!target) throw new Error('no staged target');
    return target;
  }

  // A staged target, then the multipart POST it asks for; returns the upload path.
  async function upload(lines: string[]): Promise<string> {
    const target = await stage();
    const form = new FormData();
    for (const p of target.parameters) form.append(p.name, p.value);
    form.append('file', new Blob([lines.join('\n')], { type: 'text/jsonl' }), 'v.jsonl');
    const res = await fetch(target.url, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const key = target.parameters.find((p) => p.name === 'key')?.value;
    if (!key) throw new Error('no key parameter');
    return key;
  }

  const productLine = (handle: string, title: string, skus: string[]) =>
    JSON.stringify({
      identifier: { handle },
      input: {
        title,
        handle,
        productOptions: [{ name: 'Size', values: skus.map((s) => ({ name: s })) }],
        variants: skus.map((sku) => ({
          sku,
          price: '9.50',
          optionValues: [{ optionName: 'Size', name: sku }],
        })),
      },
    });

  async function finished(id: string): Promise<Status['bulkOperation']> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const reply = await gql<Status>(STATUS, { id });
      const op = reply.body.data?.bulkOperation;
      if (op && !['CREATED', 'RUNNING'].includes(op.status)) return op;
      if (Date.now() > deadline) throw new Error(`bulk operation still ${op?.status}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('runs productSet once per line, CREATED → RUNNING → COMPLETED, with a result line each', async () => {
    const path = await upload([
      productLine('bulk-a', 'A', ['A-1', 'A-2']),
      productLine('bulk-b', 'B', ['B-1']),
      // A variant without options for a product with an option: a user error on this line only.
      JSON.stringify({ identifier: { handle: 'bulk-c' }, input: { title: '' } }),
    ]);
    const run = await gql<RunReply>(RUN, { m: SET, path });
    const op = run.body.data?.bulkOperationRunMutation.bulkOperation;
    expect(run.body.data?.bulkOperationRunMutation.userErrors).toEqual([]);
    expect(op?.status).toBe('CREATED');
    const seen = new Set<string>();
    const deadline = Date.now() + 5000;
    let done: Status['bulkOperation'] | undefined;
    while (Date.now() < deadline) {
      const reply = await gql<Status>(STATUS, { id: op?.id });
      const state = reply.body.data?.bulkOperation;
      if (state) seen.add(state.status);
      if (state?.status === 'COMPLETED') {
        done = state;
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(seen.has('RUNNING') || seen.has('COMPLETED')).toBe(true);
    expect(done).toMatchObject({ type: 'MUTATION', objectCount: '3', rootObjectCount: '3' });
    const lines = (await (await fetch(done?.url ?? '')).text())
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            __lineNumber: number;
            data: {
              productSet: {
                product: { handle: string; variants: { nodes: { sku: string }[] } } | null;
                userErrors: { message: string }[];
              };
            };
          },
      );
    expect(lines.map((l) => l.__lineNumber)).toEqual([0, 1, 2]);
    expect(lines[0].data.productSet.product).toMatchObject({
      handle: 'bulk-a',
      variants: { nodes: [{ sku: 'A-1' }, { sku: 'A-2' }] },
    });
    expect(lines[1].data.productSet.userErrors).toEqual([]);
    expect(lines[2].data.productSet.product).toBeNull();
    expect(lines[2].data.productSet.userErrors.length).toBeGreaterThan(0);
    const products = [...sim.shop(domain).products.values()];
    expect(products.map((p) => p.handle).sort()).toEqual(['bulk-a', 'bulk-b']);
  });

  it('costs the run call its normal small cost: the lines are outside the bucket', async () => {
    const path = await upload(
      Array.from({ length: 40 }, (_, i) => productLine(`cost-${i}`, `C${i}`, ['X', 'Y', 'Z'])),
    );
    const run = await gql<RunReply>(RUN, { m: SET, path });
    expect(run.body.extensions?.cost.actualQueryCost).toBeLessThanOrEqual(11);
    const before = sim.shop(domain).bucket.status().currentlyAvailable;
    const op = await finished(run.body.data?.bulkOperationRunMutation.bulkOperation?.id ?? '');
    expect(op.status).toBe('COMPLETED');
    expect(sim.shop(domain).products.size).toBe(40);
    // 40 productSets would cost ≥ 400 points; the bucket only refilled meanwhile.
    expect(sim.shop(domain).bucket.status().currentlyAvailable).toBeGreaterThanOrEqual(before);
  });

  it('allows one bulk mutation per shop at a time: OPERATION_IN_PROGRESS naming the running one', async () => {
    const path = await upload([productLine('one', 'One', ['1'])]);
    const first = await gql<RunReply>(RUN, { m: SET, path });
    const running = first.body.data?.bulkOperationRunMutation.bulkOperation?.id;
    const second = await gql<RunReply>(RUN, { m: SET, path });
    expect(second.body.data?.bulkOperationRunMutation).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          field: null,
          message: `A bulk mutation operation for this app and shop is already in progress: ${running}.`,
          code: 'OPERATION_IN_PROGRESS',
        },
      ],
    });
    // A bulk query may run beside it.
    const query = await gql<{ bulkOperationRunQuery: { userErrors: unknown[] } }>(
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }',
    );
    expect(query.body.data?.bulkOperationRunQuery.userErrors).toEqual([]);
    await finished(running ?? '');
    const third = await gql<RunReply>(RUN, { m: SET, path });
    expect(third.body.data?.bulkOperationRunMutation.userErrors).toEqual([]);
    await finished(third.body.data?.bulkOperationRunMutation.bulkOperation?.id ?? '');
  });

  it('allows one bulk query per shop at a time too (2026-04): OPERATION_IN_PROGRESS naming it', async () => {
    const QUERY =
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { field message code } } }';
    type QueryReply = {
      bulkOperationRunQuery: {
        bulkOperation: { id: string } | null;
        userErrors: { field: string[] | null; message: string; code: string }[];
      };
    };
    const first = await gql<QueryReply>(QUERY);
    const running = first.body.data?.bulkOperationRunQuery.bulkOperation?.id;
    expect(running).toBeDefined();
    const second = await gql<QueryReply>(QUERY);
    expect(second.body.data?.bulkOperationRunQuery).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          field: null,
          message: `A bulk query operation for this app and shop is already in progress: ${running}.`,
          code: 'OPERATION_IN_PROGRESS',
        },
      ],
    });
    await finished(running ?? '');
    const third = await gql<QueryReply>(QUERY);
    expect(third.body.data?.bulkOperationRunQuery.userErrors).toEqual([]);
  });

  it.each([
    [
      'two mutation fields',
      'mutation($input: ProductSetInput!) { a: productSet(input: $input) { userErrors { message } } b: productSet(input: $input) { userErrors { message } } }',
      'exactly one mutation field',
    ],
    [
      'a bulk operation inside a bulk operation',
      'mutation($q: String!) { bulkOperationRunQuery(query: $q) { userErrors { message } } }',
      'bulkOperationRunQuery cannot be run as a bulk mutation',
    ],
    [
      'a mutation the simulator has no resolver for',
      'mutation($input: CollectionInput!) { collectionCreate(input: $input) { userErrors { message } } }',
      'does not model collectionCreate',
    ],
    [
      'two connections in the selection',
      'mutation($input: ProductSetInput!) { productSet(input: $input) { product { variants(first: 5) { nodes { id } } media(first: 5) { nodes { id } } } userErrors { message } } }',
      'at most one connection field',
    ],
    ['a query', '{ shop { name } }', 'exactly one mutation operation'],
    ['a document the schema rejects', 'mutation { productSet { nope } }', 'productSet'],
  ])('refuses %s with INVALID_MUTATION', async (_what, mutation, message) => {
    const path = await upload([productLine('x', 'X', ['1'])]);
    const reply = await gql<RunReply>(RUN, { m: mutation, path });
    const payload = reply.body.data?.bulkOperationRunMutation;
    expect(payload?.bulkOperation).toBeNull();
    expect(payload?.userErrors).toEqual([
      { field: ['mutation'], message: expect.stringContaining(message), code: 'INVALID_MUTATION' },
    ]);
    expect(sim.shop(domain).bulkOperations.size).toBe(0);
  });

  it('refuses a missing file (NO_SUCH_FILE) and a file with a line that is not a JSON object', async () => {
    const missing = await gql<RunReply>(RUN, { m: SET, path: 'tmp/1/nope.jsonl' });
    expect(missing.body.data?.bulkOperationRunMutation.userErrors).toEqual([
      { field: ['stagedUploadPath'], message: expect.any(String), code: 'NO_SUCH_FILE' },
    ]);
    const path = await upload([productLine('ok', 'OK', ['1']), '{"input": ', '[1]']);
    const bad = await gql<RunReply>(RUN, { m: SET, path });
    expect(bad.body.data?.bulkOperationRunMutation.userErrors).toEqual([
      {
        field: ['stagedUploadPath'],
        message: 'Line 2 of the JSONL file is not valid JSON.',
        code: 'INVALID_STAGED_UPLOAD_FILE',
      },
    ]);
    expect(sim.shop(domain).products.size).toBe(0);
  });

  it('takes a variables file of 20 MiB and refuses a byte more (EntityTooLarge), storing nothing', async () => {
    const post = async (target: Target, bytes: number) => {
      const form = new FormData();
      for (const p of target.parameters) form.append(p.name, p.value);
      // One JSON line padded to the size.
      const line = productLine('big', 'Big', ['1']);
      const body = line.slice(0, -1) + `,"pad":"${'x'.repeat(bytes - line.length - 9)}"}`;
      expect(Buffer.byteLength(body)).toBe(bytes);
      form.append('file', new Blob([body], { type: 'text/jsonl' }), 'v.jsonl');
      return fetch(target.url, { method: 'POST', body: form });
    };
    const limit = 20 * 1024 * 1024;
    const tooBig = await stage();
    const refused = await post(tooBig, limit + 1);
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).toContain('<Code>EntityTooLarge</Code>');
    expect(text).toContain(`<ProposedSize>${limit + 1}</ProposedSize>`);
    expect(text).toContain(`<MaxSizeAllowed>${limit}</MaxSizeAllowed>`);
    const key = tooBig.parameters.find((p) => p.name === 'key')?.value;
    const run = await gql<RunReply>(RUN, { m: SET, path: key });
    expect(run.body.data?.bulkOperationRunMutation.userErrors).toMatchObject([
      { code: 'NO_SUCH_FILE' },
    ]);
    expect((await post(await stage(), limit)).status).toBe(201);
  });

  it('refuses an upload to a key it made no staged target for (the signed policy names the key)', async () => {
    const form = new FormData();
    form.append('key', 'tmp/1/bulk_mutation_variables/made-up/v.jsonl');
    form.append('file', new Blob([productLine('x', 'X', ['1'])]), 'v.jsonl');
    const res = await fetch(`${sim.url}/_sim/staged-uploads`, { method: 'POST', body: form });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
    const put = await fetch(`${sim.url}/_sim/staged-uploads/tmp/1/made-up.jsonl`, {
      method: 'PUT',
      body: 'x',
    });
    expect(put.status).toBe(403);
  });

  it('reports the current bulk mutation and lists it by type', async () => {
    const path = await upload([productLine('cur', 'Cur', ['1'])]);
    const run = await gql<RunReply>(RUN, { m: SET, path });
    const id = run.body.data?.bulkOperationRunMutation.bulkOperation?.id;
    const current = await gql<{ currentBulkOperation: { id: string; type: string } | null }>(
      '{ currentBulkOperation(type: MUTATION) { id type status } }',
    );
    expect(current.body.data?.currentBulkOperation).toMatchObject({ id, type: 'MUTATION' });
    await finished(id ?? '');
  });
});
