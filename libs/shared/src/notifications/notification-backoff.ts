export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

// The wait after failed attempt `attempt` (1 = the first): base, doubling each attempt, never
// above the cap.
export function notificationBackoffMs(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}
