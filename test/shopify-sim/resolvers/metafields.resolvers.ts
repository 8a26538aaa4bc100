import { GraphQLResolveInfo } from 'graphql';
import { gidType } from '../gid';
import { notImplemented } from '../rule-enforcement';
import {
  checkMetafield,
  metafieldDigest,
  MetafieldWrite,
  namespaceOf,
  writeMetafield,
} from '../state/metafields';
import { MetafieldRecord } from '../state/records';
import { ShopState } from '../state/shop-state';
import { touchProduct } from '../state/catalog';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';
import { legacyId, page } from './helpers';

// metafieldsSet and metafieldsDelete on the owners the simulator models (orders and products),
// and the owners' metafield / metafields fields. Other owners answer NOT_IMPLEMENTED.

interface Owner {
  id: string;
  metafields: MetafieldRecord[];
}

function ownerOf(shop: ShopState, id: string): Owner | undefined {
  return gidType(id) === 'Order' ? shop.orders.get(id) : shop.products.get(id);
}

function modelled(id: string, info: GraphQLResolveInfo, what: string): void {
  const type = gidType(id);
  if (type !== 'Order' && type !== 'Product')
    throw notImplemented(`${what} for ${type ?? 'this'} owners`, info);
}

export function metafieldView(shop: ShopState, m: MetafieldRecord) {
  const product = gidType(m.ownerId) === 'Product';
  return {
    ...m,
    legacyResourceId: legacyId(m.id),
    ownerType: product ? 'PRODUCT' : 'ORDER',
    owner: (product ? shop.products.get(m.ownerId) : shop.orders.get(m.ownerId)) ?? null,
    compareDigest: metafieldDigest(m.value),
    jsonValue:
      m.type === 'json' || m.type.startsWith('list.') ? (JSON.parse(m.value) as unknown) : m.value,
    definition: null,
  };
}

// Owner.metafield(namespace, key) and Owner.metafields(namespace, keys, first, after).
export const ownerMetafieldFields: TypeResolvers<Owner> = {
  metafield: (o, args, ctx) => {
    const found = o.metafields.find(
      (m) => m.namespace === namespaceOf(args.namespace as string | null) && m.key === args.key,
    );
    return found ? metafieldView(ctx.shop, found) : null;
  },
  metafields: (o, args, ctx) =>
    page(
      o.metafields
        .filter((m) => typeof args.namespace !== 'string' || m.namespace === args.namespace)
        .filter(
          (m) =>
            !Array.isArray(args.keys) ||
            (args.keys as string[]).includes(`${m.namespace}.${m.key}`),
        )
        .map((m) => metafieldView(ctx.shop, m)),
      args,
      ctx,
    ),
};

interface MetafieldsSetInput extends MetafieldWrite {
  ownerId: string;
}

function metafieldsSet(_: unknown, args: Args, ctx: SimContext, info: GraphQLResolveInfo) {
  const inputs = args.metafields as MetafieldsSetInput[];
  const errors: { field: string[]; message: string; code: string; elementIndex: number }[] = [];
  if (inputs.length > 25)
    return {
      metafields: null,
      userErrors: [
        {
          field: ['metafields'],
          message: 'Exceeded the maximum metafields input limit of 25.',
          code: 'LESS_THAN_OR_EQUAL_TO',
          elementIndex: null,
        },
      ],
    };
  const planned: Array<{ owner: Owner; write: Parameters<typeof writeMetafield>[3] }> = [];
  inputs.forEach((m, i) => {
    modelled(m.ownerId, info, 'metafieldsSet');
    const owner = ownerOf(ctx.shop, m.ownerId);
    if (!owner)
      return errors.push({
        field: ['metafields', String(i), 'ownerId'],
        message: 'Owner does not exist.',
        code: 'INVALID',
        elementIndex: i,
      });
    const checked = checkMetafield(
      (ns, key) => owner.metafields.find((x) => x.namespace === ns && x.key === key),
      m,
    );
    if ('problem' in checked)
      return errors.push({
        field: ['metafields', String(i), checked.problem.field],
        message: checked.problem.message,
        code: checked.problem.code,
        elementIndex: i,
      });
    planned.push({ owner, write: { ...checked, key: m.key, value: m.value } });
  });
  // Atomic: nothing is written when any input fails.
  if (errors.length) return { metafields: null, userErrors: errors };
  const written = planned.map(({ owner, write }) => {
    const record = writeMetafield(ctx.shop, owner.metafields, owner.id, write);
    ctx.shop.mutationCalls.push({
      mutation: 'metafieldsSet',
      targetId: owner.id,
      at: record.updatedAt,
    });
    return metafieldView(ctx.shop, record);
  });
  for (const { owner } of planned) {
    const product = ctx.shop.products.get(owner.id);
    if (product) touchProduct(ctx.shop, product);
  }
  return { metafields: written, userErrors: [] };
}

function metafieldsDelete(_: unknown, args: Args, ctx: SimContext, info: GraphQLResolveInfo) {
  const inputs = args.metafields as Array<{ ownerId: string; namespace: string; key: string }>;
  if (!inputs.length)
    return {
      deletedMetafields: null,
      userErrors: [{ field: ['metafields'], message: 'At least one identifier must be given.' }],
    };
  const deleted = inputs.map((m) => {
    modelled(m.ownerId, info, 'metafieldsDelete');
    const owner = ownerOf(ctx.shop, m.ownerId);
    const index =
      owner?.metafields.findIndex((x) => x.namespace === m.namespace && x.key === m.key) ?? -1;
    if (!owner || index < 0) return null;
    owner.metafields.splice(index, 1);
    ctx.shop.mutationCalls.push({
      mutation: 'metafieldsDelete',
      targetId: owner.id,
      at: ctx.shop.now(),
    });
    return { ownerId: m.ownerId, namespace: m.namespace, key: m.key };
  });
  return { deletedMetafields: deleted, userErrors: [] };
}

export const metafieldResolvers: ResolverMap = {
  Mutation: { metafieldsSet, metafieldsDelete },
};
