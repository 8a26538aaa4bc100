import { gql } from '@shopsync/shared';

export const BULK_OPERATION_RUN_QUERY = gql`
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const BULK_OPERATION_STATUS = gql`
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      url
      partialDataUrl
    }
  }
`;

export const BULK_OPERATION_CANCEL = gql`
  mutation BulkOperationCancel($id: ID!) {
    bulkOperationCancel(id: $id) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;

// A place to upload a bulk mutation's variables (one JSON object per line) to.
export const STAGED_UPLOADS_CREATE = gql`
  mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const BULK_OPERATION_RUN_MUTATION = gql`
  mutation BulkOperationRunMutation(
    $mutation: String!
    $stagedUploadPath: String!
    $clientIdentifier: String
  ) {
    bulkOperationRunMutation(
      mutation: $mutation
      stagedUploadPath: $stagedUploadPath
      clientIdentifier: $clientIdentifier
    ) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

// The shop's latest bulk query or mutation (Shopify runs one of each at a time per shop).
export const CURRENT_BULK_OPERATION = gql`
  query CurrentBulkOperation($type: BulkOperationType!) {
    currentBulkOperation(type: $type) {
      id
      status
    }
  }
`;
