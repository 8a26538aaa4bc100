// Tag for the GraphQL documents the project sends. Documents live in `*.graphql.ts` files; the
// tag records each one so a single test can validate them all against Shopify's schema.
const documents = new Set<string>();

export function gql(strings: TemplateStringsArray, ...fragments: string[]): string {
  const text = strings.reduce((out, part, i) => out + part + (fragments[i] ?? ''), '');
  documents.add(text);
  return text;
}

export function registeredGraphqlDocuments(): string[] {
  return [...documents];
}
