import { gql } from '@shopsync/shared';

// Proves an access token works for a store before it is stored.
export const SHOP_VERIFICATION = gql`
  query ShopVerification {
    shop {
      name
      currencyCode
    }
  }
`;
