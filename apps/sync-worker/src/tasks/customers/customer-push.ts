import type { CustomerFields, ErpAddress, ShopCustomerEntity } from '@shopsync/shared';
import {
  CustomerPush,
  mailingAddressInput,
  ShopifyCustomerSnapshot,
  ShopifyMailingAddress,
  shopifyFields,
  toErpAddress,
} from '../../order-side/customer-matching';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import {
  CUSTOMER_ADDRESS_CREATE,
  CUSTOMER_ADDRESS_UPDATE,
  CUSTOMER_UPDATE,
} from './customers.graphql';

type UserErrors = Array<{ field: string[] | null; message: string }>;
interface CustomerUpdateResult {
  customerUpdate: { customer: ShopifyCustomerSnapshot | null; userErrors: UserErrors };
}
type AddressPayload = { address: ShopifyMailingAddress | null; userErrors: UserErrors };
interface AddressResult {
  customerAddressUpdate?: AddressPayload;
  customerAddressCreate?: AddressPayload;
}

export type PushOutcome =
  | { ok: true; shopify: CustomerFields; shopifyUpdatedAt: Date | null }
  | { ok: false; error: string };

// The ERP's changes of one mapped customer to Shopify: the contact fields and the tax exemption
// with customerUpdate, the default address with customerAddressUpdate (or customerAddressCreate
// when Shopify has none), each other address at its mapped Shopify address (or created, and
// mapped). What Shopify holds afterwards is what the mapping records.
export async function pushCustomer(
  client: ShopifyGraphql,
  mapping: ShopCustomerEntity,
  changes: CustomerPush,
  signal: AbortSignal | undefined,
): Promise<PushOutcome> {
  const { address, addresses, linked, ...contact } = changes;
  let shopify: CustomerFields = {
    ...mapping.shopify,
    addressCodes: { ...(mapping.shopify.addressCodes ?? {}), ...(linked ?? {}) },
  };
  let shopifyUpdatedAt = mapping.shopifyUpdatedAt;
  if (Object.keys(contact).length) {
    const result = await client.request<CustomerUpdateResult>(
      CUSTOMER_UPDATE,
      { input: { id: mapping.shopifyCustomerId, ...contact } },
      { operationName: 'CustomerPushUpdate', signal },
    );
    const { customer: after, userErrors } = result.customerUpdate;
    if (userErrors.length || !after)
      return { ok: false, error: userErrors.map((e) => e.message).join('; ') || 'not updated' };
    shopify = { ...shopify, ...shopifyFields(after) };
    shopifyUpdatedAt = after.updatedAt ? new Date(after.updatedAt) : null;
  }
  const send = (a: ErpAddress, id: string | null, setAsDefault: boolean) =>
    sendAddress(client, mapping.shopifyCustomerId, a, id, setAsDefault, signal);
  if (address) {
    const sent = await send(address, mapping.shopify.addressId ?? null, true);
    if (!sent.ok) return sent;
    shopify = {
      ...shopify,
      address: toErpAddress(sent.address),
      addressId: sent.address.id ?? mapping.shopify.addressId ?? null,
    };
  }
  for (const a of addresses ?? []) {
    const sent = await send(a.address, a.shopifyAddressId, false);
    if (!sent.ok) return { ok: false, error: `address ${a.code}: ${sent.error}` };
    const id = sent.address.id ?? a.shopifyAddressId!;
    const held = (shopify.addresses ?? []).filter((x) => x.id !== id);
    shopify = {
      ...shopify,
      addresses: [...held, { id, address: toErpAddress(sent.address)! }],
      addressCodes: { ...shopify.addressCodes, [a.code]: id },
    };
  }
  return { ok: true, shopify, shopifyUpdatedAt };
}

async function sendAddress(
  client: ShopifyGraphql,
  customerId: string,
  address: ErpAddress,
  addressId: string | null,
  setAsDefault: boolean,
  signal: AbortSignal | undefined,
): Promise<{ ok: true; address: ShopifyMailingAddress } | { ok: false; error: string }> {
  const result = await client.request<AddressResult>(
    addressId ? CUSTOMER_ADDRESS_UPDATE : CUSTOMER_ADDRESS_CREATE,
    {
      customerId,
      ...(addressId ? { addressId } : {}),
      address: mailingAddressInput(address),
      setAsDefault,
    },
    {
      operationName: addressId ? 'CustomerPushAddressUpdate' : 'CustomerPushAddressCreate',
      signal,
    },
  );
  const payload = result.customerAddressUpdate ?? result.customerAddressCreate;
  if (!payload || payload.userErrors.length || !payload.address)
    return {
      ok: false,
      error: payload?.userErrors.map((e) => e.message).join('; ') || 'address not updated',
    };
  return { ok: true, address: payload.address };
}
