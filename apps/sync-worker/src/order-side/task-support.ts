// Small helpers the order-side tasks share.

// `updated_at:>'T'` for an incremental read. Shopify keeps whole seconds, so a change in the same
// second as the last sync would be missed by `>` alone: read from one second earlier and let the
// idempotent upserts absorb the overlap.
export function updatedSinceQuery(since: Date): string {
  const from = new Date(Math.floor(since.getTime() / 1000) * 1000 - 1000);
  return `updated_at:>'${from.toISOString().replace(/\.\d{3}Z$/, 'Z')}'`;
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  const code = e?.code ?? e?.driverError?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    (typeof e?.message === 'string' && e.message.includes('UNIQUE constraint failed'))
  );
}
