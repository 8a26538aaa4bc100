import { customerChanges, matchCustomer } from './customer-matching';

describe('customer matching', () => {
  const erp = [
    { id: 'a', email: 'anna@example.com', phone: '+31611111111' },
    { id: 'b', email: 'bram@example.com', phone: '+31622222222' },
  ];

  it('matches by email first, case-insensitively', () => {
    expect(matchCustomer(erp, { email: 'ANNA@Example.com', phone: '+31622222222' })?.id).toBe('a');
  });

  it('falls back to the phone by its digits', () => {
    expect(matchCustomer(erp, { email: 'other@example.com', phone: '+31 6-2222 2222' })?.id).toBe(
      'b',
    );
  });

  it('finds nothing without a matching contact', () => {
    expect(matchCustomer(erp, { email: null, phone: null })).toBeUndefined();
  });

  it('pushes only the fields that differ, never an ERP blank', () => {
    const shopify = { firstName: 'Anna', lastName: 'Vries', email: 'a@x.nl', phone: null };
    expect(
      customerChanges(
        { firstName: 'Anna', lastName: 'de Vries', email: null, phone: '+316' },
        shopify,
      ),
    ).toEqual({ lastName: 'de Vries', phone: '+316' });
    expect(customerChanges(shopify, shopify)).toEqual({});
  });
});
