// The events a notification endpoint may ask for. `job.succeeded` is off unless asked for.
export const NOTIFICATION_EVENTS = [
  'job.failed',
  'job.succeeded',
  'schedule.missed',
  'conflict.flagged',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENTS)[number];

export const DEFAULT_NOTIFICATION_EVENTS: NotificationEventType[] = [
  'job.failed',
  'schedule.missed',
  'conflict.flagged',
];

// Endpoints per shop: each event is one delivery per endpoint, so this bounds the fan-out.
export const MAX_ENDPOINTS_PER_SHOP = 10;

export function isNotificationEvent(value: unknown): value is NotificationEventType {
  return (NOTIFICATION_EVENTS as readonly unknown[]).includes(value);
}
