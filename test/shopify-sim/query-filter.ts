// A small parser for Shopify's search syntax as used in `query:` arguments:
// `updated_at:>'2024-01-01T00:00:00Z' status:open sku:ABC-1 -tag:foo OR title:bar*`.
// Terms are ANDed, `OR` separates alternatives, `-`/`NOT` negates. Unknown fields match
// everything (Shopify ignores them too, with a search warning).

export type SearchOperator = ':' | '>' | '>=' | '<' | '<=';

export interface SearchTerm {
  field: string | null;
  op: SearchOperator;
  value: string;
  negated: boolean;
}

export interface SearchQuery {
  alternatives: SearchTerm[][];
}

export type SearchAccessors<T> = Record<string, (item: T) => unknown>;

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of query) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      current += ch;
      quote = ch;
    } else if (/\s/.test(ch) || ch === '(' || ch === ')') {
      if (current) tokens.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

function unquote(value: string): string {
  const m = /^(['"])(.*)\1$/.exec(value);
  return m ? m[2] : value;
}

function parseTerm(token: string, negated: boolean): SearchTerm {
  let text = token;
  if (text.startsWith('-')) {
    negated = !negated;
    text = text.slice(1);
  }
  const colon = text.indexOf(':');
  if (colon <= 0 || /^['"]/.test(text))
    return { field: null, op: ':', value: unquote(text), negated };
  const field = text.slice(0, colon).toLowerCase();
  let rest = text.slice(colon + 1);
  let op: SearchOperator = ':';
  for (const candidate of ['>=', '<=', '>', '<'] as const) {
    if (rest.startsWith(candidate)) {
      op = candidate;
      rest = rest.slice(candidate.length);
      break;
    }
  }
  return { field, op, value: unquote(rest), negated };
}

export function parseSearchQuery(query: string | null | undefined): SearchQuery {
  const alternatives: SearchTerm[][] = [[]];
  let negateNext = false;
  for (const token of tokenize(query ?? '')) {
    if (token === 'OR') {
      alternatives.push([]);
    } else if (token === 'AND') {
      continue;
    } else if (token === 'NOT') {
      negateNext = true;
    } else {
      alternatives[alternatives.length - 1].push(parseTerm(token, negateNext));
      negateNext = false;
    }
  }
  return { alternatives: alternatives.filter((a) => a.length > 0) };
}

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}/;

function compareScalar(actual: unknown, op: SearchOperator, expected: string): boolean {
  if (actual === null || actual === undefined) return false;
  if (typeof actual === 'boolean') return op === ':' && String(actual) === expected.toLowerCase();
  if (op === ':') {
    const a = String(actual).toLowerCase();
    const e = expected.toLowerCase();
    if (e === '*') return true;
    if (e.endsWith('*')) return a.startsWith(e.slice(0, -1));
    // A date without time matches the whole day.
    if (ISO_LIKE.test(a) && /^\d{4}-\d{2}-\d{2}$/.test(e)) return a.startsWith(e);
    return a === e;
  }
  let left: number;
  let right: number;
  if (typeof actual === 'number' && !Number.isNaN(Number(expected))) {
    left = actual;
    right = Number(expected);
  } else if (ISO_LIKE.test(String(actual)) && ISO_LIKE.test(expected)) {
    left = Date.parse(String(actual));
    right = Date.parse(expected);
  } else {
    const cmp = String(actual).localeCompare(expected);
    left = cmp;
    right = 0;
  }
  switch (op) {
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    default:
      return left <= right;
  }
}

function termMatches<T>(
  item: T,
  term: SearchTerm,
  accessors: SearchAccessors<T>,
  text: (item: T) => string,
): boolean {
  let result: boolean;
  if (term.field === null) {
    result = text(item).toLowerCase().includes(term.value.toLowerCase());
  } else {
    const accessor = accessors[term.field];
    if (!accessor) return true;
    const actual = accessor(item);
    result = Array.isArray(actual)
      ? actual.some((a: unknown) => compareScalar(a, term.op, term.value))
      : compareScalar(actual, term.op, term.value);
  }
  return term.negated ? !result : result;
}

export function matchesSearch<T>(
  item: T,
  query: SearchQuery,
  accessors: SearchAccessors<T>,
  text: (item: T) => string = () => '',
): boolean {
  if (query.alternatives.length === 0) return true;
  return query.alternatives.some((terms) =>
    terms.every((t) => termMatches(item, t, accessors, text)),
  );
}

export function filterBySearch<T>(
  items: readonly T[],
  query: string | null | undefined,
  accessors: SearchAccessors<T>,
  text?: (item: T) => string,
): T[] {
  const parsed = parseSearchQuery(query);
  return items.filter((item) => matchesSearch(item, parsed, accessors, text));
}
