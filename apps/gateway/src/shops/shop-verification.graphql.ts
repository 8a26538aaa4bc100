import { gql } from '@shopsync/shared';

// Proves an access token works for a store before it is stored, and reads what the app's
// installation was granted (the scopes each task needs: TASK_SCOPES).
export const SHOP_VERIFICATION = gql`
  query ShopVerification {
    shop {
      name
      currencyCode
    }
    currentAppInstallation {
      accessScopes {
        handle
      }
    }
  }
`;
