import {
  customerBillToKey,
  CustomerMapping,
  CustomersSettingsV1,
  defaultCustomerNumber,
  ErpCustomerEntity,
  ShopifyOrderEntity,
} from '@shopsync/shared';
import type { OrderCustomer } from './sales-order-builder';

export interface CustomerLookups {
  mapped(shopId: string, shopifyCustomerId: string): Promise<ErpCustomerEntity | null>;
  byContact(
    contact: { email: string | null; phone: string | null; billToKey: string | null },
    mapping: CustomerMapping,
  ): Promise<ErpCustomerEntity | null>;
  byNumber(number: string): Promise<ErpCustomerEntity | null>;
  byCompany(name: string): Promise<ErpCustomerEntity | null>;
}

// An order's ERP customer per settings.customers: the mapped one, else the one the mapping rule
// finds; the default customer (per bill-to country, else the shop's) with mapping or unmapped
// 'default-customer'; else a problem naming the contact and what to do. A B2B order's customer
// is its company location's: the ERP customer its external id names, else the one of the
// company's name.
export async function orderCustomer(
  order: ShopifyOrderEntity,
  settings: CustomersSettingsV1,
  lookups: CustomerLookups,
): Promise<OrderCustomer> {
  const c = order.customer;
  const billTo = order.billingAddress ?? order.shippingAddress;
  const toDefault = async (why: string): Promise<OrderCustomer> => {
    const country = billTo?.countryCode ?? null;
    const number = defaultCustomerNumber(settings, country);
    if (!number)
      return {
        customer: null,
        customerProblem: `${why}, and there is no default customer${country ? ` for ${country}` : ''} (customers.defaultCustomerNo / defaultCustomerByCountry)`,
      };
    const customer = await lookups.byNumber(number);
    return customer
      ? { customer }
      : {
          customer: null,
          customerProblem: `${why}: default customer '${number}' is no ERP customer`,
        };
  };
  if (settings.mapping === 'default-customer')
    return toDefault('this shop sends every order to the default customer');
  const company = order.extras?.company;
  if (company) {
    const { externalId, name } = company.location;
    if (externalId) {
      const linked = await lookups.byNumber(externalId);
      if (linked) return { customer: linked };
      return {
        customer: null,
        customerProblem: `company location '${name}' (${company.name}) names ERP customer '${externalId}' (its external id), which does not exist: post it to the ERP or correct the location's external id`,
      };
    }
    const byName = await lookups.byCompany(company.name);
    if (byName) return { customer: byName };
    const why = `no ERP customer for company '${company.name}' (location '${name}' has no external id)`;
    if (settings.unmapped === 'default-customer') return toDefault(why);
    const hint =
      settings.import === 'none' || !settings.autoCreateUnknown
        ? "set the location's external id to the ERP customer number, or post a customer with this company name"
        : 'run the orders import again (it creates the company customer)';
    return { customer: null, customerProblem: `${why}; ${hint}` };
  }
  const mapped = c.shopifyCustomerId
    ? await lookups.mapped(order.shopId, c.shopifyCustomerId)
    : null;
  const found =
    mapped ??
    (await lookups.byContact(
      { email: c.email, phone: c.phone, billToKey: customerBillToKey(c, billTo) },
      settings.mapping,
    ));
  if (found) return { customer: found };
  const contact =
    [c.email, c.phone, c.shopifyCustomerId && `Shopify customer ${c.shopifyCustomerId}`]
      .filter(Boolean)
      .join(', ') || 'none';
  const why = `no ERP customer for this order (contact: ${contact}; mapping ${settings.mapping})`;
  if (settings.unmapped === 'default-customer') return toDefault(why);
  const hint =
    settings.import === 'none'
      ? 'customers.import is none: post the customer to the ERP'
      : !settings.autoCreateUnknown
        ? 'customers.autoCreateUnknown is off: post the customer to the ERP'
        : 'import customers or post the customer to the ERP';
  return { customer: null, customerProblem: `${why}; ${hint}` };
}
