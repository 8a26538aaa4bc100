// Shopify global ids: gid://shopify/<Type>/<number>[?query]. Records keep their GID as the id.

const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z0-9]+)\/(\d+)(\?.*)?$/;

export function gid(type: string, id: number, query?: string): string {
  return `gid://shopify/${type}/${id}${query ? `?${query}` : ''}`;
}

export interface ParsedGid {
  type: string;
  id: number;
  query: string;
}

export function parseGid(value: string): ParsedGid | null {
  const match = GID_PATTERN.exec(value);
  if (!match) return null;
  return { type: match[1], id: Number(match[2]), query: (match[3] ?? '').replace(/^\?/, '') };
}

export function gidType(value: string): string | null {
  return parseGid(value)?.type ?? null;
}

export function legacyId(value: string): string {
  return String(parseGid(value)?.id ?? 0);
}

// Stable 32-bit FNV-1a hash; used to give each shop its own id range deterministically.
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
