import { estimateCost, parseOperation } from '../../shopify/cost-estimator';

// Shopify refuses a query that requests more than 1,000 points, and pages hold at most 250.
export const MAX_REQUESTED_COST = 1000;
const MAX_PAGE = 250;

// The largest `$first` a paged document may send with its requested cost within the limit:
// the cost grows by one node's cost per unit of `$first` (Shopify's rule, connection = 2 +
// first × node), so it is worked out from the document instead of written down beside it.
export function largestPageSize(document: string, limit = MAX_REQUESTED_COST): number {
  const op = parseOperation(document);
  const base = estimateCost(op, { first: 0 });
  const perNode = estimateCost(op, { first: 1 }) - base;
  if (perNode <= 0) return MAX_PAGE;
  return Math.max(1, Math.min(MAX_PAGE, Math.floor((limit - base) / perNode)));
}
