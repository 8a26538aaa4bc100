// GraphQL topic enum (ORDERS_CREATE) ↔ the X-Shopify-Topic header form (orders/create).

export function topicToHeader(topic: string): string {
  if (topic.includes('/')) return topic;
  const parts = topic.toLowerCase().split('_');
  return parts.length > 1 ? `${parts.slice(0, -1).join('_')}/${parts[parts.length - 1]}` : parts[0];
}

export function topicToEnum(topic: string): string {
  return topic.toUpperCase().replace(/\//g, '_');
}
