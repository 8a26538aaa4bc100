import { ValidateBy, ValidationOptions } from 'class-validator';
import { MYSHOPIFY_DOMAIN_RULE, normaliseShopDomain } from '@shopsync/shared';

// The shop domain rule of the API (see normaliseShopDomain): other hosts are configuration only.
export function IsShopDomain(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isShopDomain',
      validator: {
        validate: (value: unknown) => normaliseShopDomain(value) !== null,
        defaultMessage: () => MYSHOPIFY_DOMAIN_RULE,
      },
    },
    options,
  );
}
