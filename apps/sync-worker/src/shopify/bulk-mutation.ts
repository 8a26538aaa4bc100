import { DomainError, ERROR_CODES } from '@shopsync/shared';
import { BULK_OPERATION_RUN_MUTATION, STAGED_UPLOADS_CREATE } from './bulk-operations.graphql';
import { currentBulkOperation } from './bulk-query';
import type { ShopifyGraphql } from './shopify-graphql';

// bulkOperationRunMutation's steps: reserve a staged upload, upload the variables (JSONL, one
// line per mutation call) as the multipart form Shopify's target asks for, start the operation.
// The calls cost their normal small cost; the lines themselves run outside the rate limit.

interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export type BulkMutationStart =
  | { started: true; id: string }
  // Shopify runs one bulk mutation per shop at a time: the one running, when it said so.
  | { started: false; running: string | null };

// The most a staged upload of bulk variables may hold: Shopify's storage refuses a bigger file
// (EntityTooLarge, 20,971,520 bytes allowed).
export const BULK_VARIABLES_MAX_BYTES = 20 * 1024 * 1024;

// The storage refused the upload as too large (EntityTooLarge); maxBytes is the size it
// allows, when it said. Transient: a retried attempt uploads in smaller pieces.
export class BulkUploadTooLarge extends DomainError {
  constructor(
    shop: string,
    readonly bytes: number,
    readonly maxBytes: number | null,
  ) {
    super(
      ERROR_CODES.shopifyQueryFailed,
      `Shopify refused the bulk variables for shop '${shop}' as too large (${bytes} bytes${maxBytes === null ? '' : `, ${maxBytes} allowed`})`,
      'transient',
    );
  }
}

// `lines`: the variables of each mutation call, each serialized as JSON on one line.
export async function stageBulkVariables(
  client: ShopifyGraphql,
  lines: readonly string[],
  options: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<string> {
  const body = lines.join('\n');
  const bytes = Buffer.byteLength(body);
  if (bytes > BULK_VARIABLES_MAX_BYTES)
    throw new DomainError(
      ERROR_CODES.shopifyQueryFailed,
      `the bulk variables for shop '${client.shop.code}' are ${bytes} bytes; one upload takes at most ${BULK_VARIABLES_MAX_BYTES}`,
      'permanent',
    );
  const reply = await client.request<{
    stagedUploadsCreate: {
      stagedTargets: Array<{ url: string; parameters: Array<{ name: string; value: string }> }>;
      userErrors: UserError[];
    };
  }>(
    STAGED_UPLOADS_CREATE,
    {
      input: [
        {
          resource: 'BULK_MUTATION_VARIABLES',
          filename: 'variables.jsonl',
          mimeType: 'text/jsonl',
          httpMethod: 'POST',
        },
      ],
    },
    { operationName: 'StagedUploadsCreate', signal: options.signal },
  );
  const { stagedTargets, userErrors } = reply.stagedUploadsCreate;
  const target = stagedTargets[0];
  const key = target?.parameters.find((p) => p.name === 'key')?.value;
  if (userErrors.length || !target || !key)
    throw new DomainError(
      ERROR_CODES.shopifyQueryFailed,
      `Shopify gave no staged upload for shop '${client.shop.code}': ${userErrors.map((e) => e.message).join('; ') || 'no target'}`,
      'permanent',
    );
  const form = new FormData();
  for (const p of target.parameters) form.append(p.name, p.value);
  form.append('file', new Blob([body], { type: 'text/jsonl' }), 'variables.jsonl');
  const res = await (options.fetch ?? fetch)(target.url, {
    method: 'POST',
    body: form,
    signal: options.signal,
  });
  if (res.status === 400) {
    const text = await res.text().catch(() => '');
    if (/<Code>\s*EntityTooLarge\s*<\/Code>/.test(text)) {
      const allowed = /<MaxSizeAllowed>\s*(\d+)\s*<\/MaxSizeAllowed>/.exec(text)?.[1];
      throw new BulkUploadTooLarge(client.shop.code, bytes, allowed ? Number(allowed) : null);
    }
  }
  if (!res.ok)
    throw new DomainError(
      ERROR_CODES.shopifyUnavailable,
      `the bulk variables could not be uploaded for shop '${client.shop.code}' (HTTP ${res.status})`,
      'transient',
    );
  // The staged upload path bulkOperationRunMutation takes is the form's `key`.
  return key;
}

export async function startBulkMutation(
  client: ShopifyGraphql,
  mutation: string,
  stagedUploadPath: string,
  options: { signal?: AbortSignal; clientIdentifier?: string } = {},
): Promise<BulkMutationStart> {
  const reply = await client.request<{
    bulkOperationRunMutation: {
      bulkOperation: { id: string; status: string } | null;
      userErrors: UserError[];
    };
  }>(
    BULK_OPERATION_RUN_MUTATION,
    { mutation, stagedUploadPath, clientIdentifier: options.clientIdentifier ?? null },
    { operationName: 'BulkOperationRunMutation', signal: options.signal },
  );
  const { bulkOperation, userErrors } = reply.bulkOperationRunMutation;
  if (userErrors.some((e) => e.code === 'OPERATION_IN_PROGRESS'))
    return { started: false, running: await currentBulkMutation(client, options.signal) };
  if (!bulkOperation || userErrors.length)
    throw new DomainError(
      ERROR_CODES.shopifyQueryFailed,
      `Shopify did not start the bulk mutation for shop '${client.shop.code}': ${userErrors.map((e) => `${e.code ?? ''} ${e.message}`.trim()).join('; ') || 'no bulk operation returned'}`,
      'permanent',
    );
  return { started: true, id: bulkOperation.id };
}

// The id of the shop's bulk mutation still CREATED or RUNNING, if any.
export function currentBulkMutation(
  client: ShopifyGraphql,
  signal?: AbortSignal,
): Promise<string | null> {
  return currentBulkOperation(client, 'MUTATION', signal);
}
