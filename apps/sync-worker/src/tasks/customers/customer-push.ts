import type { CustomerFields, ShopCustomerEntity } from '@shopsync/shared';
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

// The ERP's changes of one mapped customer to Shopify: the contact fields with customerUpdate,
// the default address with customerAddressUpdate (or customerAddressCreate when Shopify has
// none). What Shopify holds afterwards is what the mapping records.
export async function pushCustomer(
  client: ShopifyGraphql,
  mapping: ShopCustomerEntity,
  changes: CustomerPush,
  signal: AbortSignal | undefined,
): Promise<PushOutcome> {
  const { address, ...contact } = changes;
  let shopify: CustomerFields = { ...mapping.shopify };
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
  if (address) {
    const addressId = mapping.shopify.addressId;
    const result = await client.request<AddressResult>(
      addressId ? CUSTOMER_ADDRESS_UPDATE : CUSTOMER_ADDRESS_CREATE,
      {
        customerId: mapping.shopifyCustomerId,
        ...(addressId ? { addressId } : {}),
        address: mailingAddressInput(address),
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
    shopify = {
      ...shopify,
      address: toErpAddress(payload.address),
      addressId: payload.address.id ?? addressId ?? null,
    };
  }
  return { ok: true, shopify, shopifyUpdatedAt };
}
