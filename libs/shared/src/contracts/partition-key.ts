// Jobs of one shop and category share a key, so Kafka keeps them on one partition, in order.
export function partitionKey(shopId: string, category: string): string {
  return `${shopId}/${category}`;
}
