import {
  getNamedType,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { loadAdminSchema } from './schema-loader';
import { schemaRules } from './schema-rules';
import { GraphqlReply, simGraphql } from './sim-client';
import { simulatorPerSuite } from '../support/shopify-sim-fixture';
import { ShopifySimulator } from './simulator';

// The server-side rules the schema's descriptions state, derived from the descriptions and
// proved for every mutation that has them: each one is enforced, or the mutation answers
// NOT_IMPLEMENTED_IN_SIMULATOR. Calls are built from the schema too (minimal valid arguments).

const schema: GraphQLSchema = loadAdminSchema().schema;
const rules = schemaRules(schema);
const mutations = schema.getMutationType()!.getFields();
const MODELLED_IDEMPOTENT = [
  'inventoryActivate',
  'inventoryAdjustQuantities',
  'inventorySetQuantities',
  'refundCreate',
];

type Ids = Record<string, string>;

function reaches(type: GraphQLInputType, target: string, seen: Set<string>): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  if (named.name === target) return true;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => reaches(f.type, target, seen));
}
type Value = unknown;

// A minimal value of an input type: every non-null field, and the mandatory ones as null.
function sample(
  type: GraphQLInputType,
  field: string,
  ids: Ids,
  omit?: string,
  target?: string,
): Value {
  if (isNonNullType(type)) return sample(type.ofType, field, ids, omit, target);
  if (isListType(type)) return [sample(type.ofType, field, ids, omit, target)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const out: Record<string, Value> = {};
    const mandatory = rules.mandatoryFields.get(type.name) ?? [];
    for (const f of Object.values(type.getFields())) {
      if (f.name === omit) continue;
      if (mandatory.includes(f.name)) out[f.name] = null;
      else if (isNonNullType(f.type) || (target && reaches(f.type, target, new Set())))
        out[f.name] = sample(f.type, f.name, ids, omit, target);
    }
    return out;
  }
  switch (type.name) {
    case 'ID':
      return (
        ids[field] ??
        `gid://shopify/${field.replace(/Ids?$/, '').replace(/^./, (c) => c.toUpperCase()) || 'Node'}/1`
      );
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2026-01-01T00:00:00Z';
    case 'URL':
      return 'https://example.com/doc/1';
    default:
      return field === 'name' ? 'available' : field === 'reason' ? 'correction' : 'x';
  }
}

function call(name: string, directive: string, ids: Ids, omit?: string, target?: string) {
  const args = mutations[name].args.filter(
    (a) => isNonNullType(a.type) || (target && reaches(a.type, target, new Set())),
  );
  const defs = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const uses = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const variables = Object.fromEntries(
    args.map((a) => [a.name, sample(a.type, a.name, ids, omit, target)]),
  );
  const query = `mutation M${defs ? `(${defs})` : ''} { ${name}${uses ? `(${uses})` : ''} ${directive} { __typename } }`;
  return { query, variables };
}

// Mutations whose arguments reach an input type.
function reaching(typeName: string): string[] {
  return Object.values(mutations)
    .filter((m) => m.args.some((a) => reaches(a.type, typeName, new Set())))
    .map((m) => m.name);
}

describe('schema-derived server-side rules', () => {
  let sim: ShopifySimulator;
  const domain = 'rules.myshopify.com';
  const token = 'shpat_rules';
  let ids: Ids;
  let otherOrderId: string;
  const send = (q: { query: string; variables: Record<string, unknown> }) =>
    simGraphql(sim.url, token, q.query, q.variables);
  const code = (r: GraphqlReply<unknown>) => r.body.errors?.[0]?.extensions?.code;

  simulatorPerSuite((s) => (sim = s));
  beforeEach(() => {
    sim.reset();
    const shop = sim.createShop({
      domain,
      accessToken: token,
      plan: 'plus',
      seed: { products: 1, locations: 2, seed: 2 },
    });
    const [variantId] = [...shop.variants.keys()];
    const orders = [1, 2].map(() =>
      sim.createOrder(domain, { lineItems: [{ variantId, quantity: 1 }] }),
    );
    ids = {
      inventoryItemId: [...shop.inventoryItems.keys()][0],
      locationId: [...shop.locations.keys()][0],
      orderId: orders[0].id,
    };
    otherOrderId = orders[1].id;
  });

  it('finds the 17 mutations whose description requires the idempotency key in 2026-04', () => {
    expect(rules.idempotentRequired.size).toBe(17);
    expect([...rules.idempotentRequired]).toEqual(
      expect.arrayContaining([
        'inventoryActivate',
        'inventoryAdjustQuantities',
        'refundCreate',
        'locationActivate',
        'inventorySetQuantities',
      ]),
    );
  });

  it.each([...schemaRules(schema).idempotentRequired])(
    '%s refuses a call without @idempotent',
    async (name) => {
      const reply = await send(call(name, '', ids));
      expect(code(reply)).toBe('BAD_REQUEST');
      expect(reply.body.errors?.[0].message).toContain(
        `@idempotent directive is required for ${name}`,
      );
    },
  );

  it.each([...schemaRules(schema).idempotentRequired])(
    '%s applies a key once and refuses it with other input, or is explicitly unsupported',
    async (name) => {
      const first = await send(call(name, '@idempotent(key: "k-1")', ids));
      if (!MODELLED_IDEMPOTENT.includes(name)) {
        expect(code(first)).toBe('NOT_IMPLEMENTED_IN_SIMULATOR');
        return;
      }
      expect(first.body.errors).toBeUndefined();
      const shop = sim.shop(domain);
      const refunds = () => [...shop.orders.values()].reduce((n, o) => n + o.refunds.length, 0);
      const applied = {
        ledger: shop.ledger.length,
        levels: shop.inventoryLevels.size,
        refunds: refunds(),
      };
      const again = await send(call(name, '@idempotent(key: "k-1")', ids));
      expect(again.body).toMatchObject({ data: first.body.data });
      expect({
        ledger: shop.ledger.length,
        levels: shop.inventoryLevels.size,
        refunds: refunds(),
      }).toEqual(applied);
      const other = call(name, '@idempotent(key: "k-1")', {
        ...ids,
        locationId: [...shop.locations.keys()][1],
        orderId: otherOrderId,
      });
      const refused = await send({
        ...other,
        query: other.query.replace('__typename', 'userErrors { message }'),
      });
      const message = JSON.stringify(refused.body);
      expect(message).toMatch(
        /IDEMPOTENCY_KEY_PARAMETER_MISMATCH|same idempotency key cannot be used/,
      );
      expect(sim.idempotencyLedger(domain).keys).toEqual([
        expect.objectContaining({ mutation: name, replays: 1, mismatches: 1 }),
      ]);
    },
  );

  it('finds the mandatory input fields (changeFromQuantity) and the ledger document rules', () => {
    expect(Object.fromEntries(rules.mandatoryFields)).toEqual({
      InventoryAdjustmentInput: ['changeFromQuantity'],
      InventoryChangeInput: ['changeFromQuantity'],
      InventoryMoveQuantityTerminalInput: ['changeFromQuantity'],
      InventoryQuantityInput: ['changeFromQuantity'],
      InventorySetQuantityInput: ['changeFromQuantity'],
    });
    expect(Object.fromEntries(rules.ledgerFields)).toEqual({
      InventoryChangeInput: ['ledgerDocumentUri'],
      InventoryMoveQuantityTerminalInput: ['ledgerDocumentUri'],
    });
  });

  const mandatoryCases = [...schemaRules(schema).mandatoryFields].flatMap(([type, fields]) =>
    fields.flatMap((field) => reaching(type).map((m) => [m, type, field] as const)),
  );

  it.each(mandatoryCases)('%s refuses %s without %s', async (name, type, field) => {
    const reply = await send(call(name, '@idempotent(key: "k-2")', ids, field, type));
    expect(code(reply)).toBe('BAD_REQUEST');
    expect(reply.body.errors?.[0].message).toContain(`${field} is required`);
  });

  const ledgerCases = [...schemaRules(schema).ledgerFields].flatMap(([type]) =>
    reaching(type).map((m) => [m, type] as const),
  );

  it.each(ledgerCases)('%s enforces the ledger document rule of %s', async (name, type) => {
    const withName = (quantityName: string, ledger: string | null) => {
      const q = call(name, '@idempotent(key: "k-3")', ids, undefined, type);
      const text = JSON.stringify(q.variables)
        .replace(/"name":"available"/g, `"name":"${quantityName}"`)
        .replace(
          /"changeFromQuantity":null/g,
          ledger
            ? `"changeFromQuantity":null,"ledgerDocumentUri":"${ledger}"`
            : '"changeFromQuantity":null',
        );
      return send({
        query: q.query.replace('__typename', 'userErrors { field message }'),
        variables: JSON.parse(text) as Record<string, unknown>,
      });
    };
    const missing = await withName('reserved', null);
    expect(JSON.stringify(missing.body)).toContain(
      'A ledger document URI is required except when adjusting available.',
    );
    const internal = await withName('reserved', 'gid://shopify/Order/1');
    expect(JSON.stringify(internal.body)).toContain('Internal (gid://shopify/) ledger documents');
    const onAvailable = await withName('available', 'gid://erp/Doc/1');
    expect(JSON.stringify(onAvailable.body)).toContain('not allowed when adjusting available');
  });
});
