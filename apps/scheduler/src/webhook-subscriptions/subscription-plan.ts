export interface ExistingSubscription {
  id: string;
  topic: string;
  uri: string;
}

export interface SubscriptionPlan {
  // Ours and wanted: left alone.
  keep: ExistingSubscription[];
  // Wanted topics with no subscription of ours.
  create: string[];
  // Ours and no longer wanted (or a second one of a wanted topic).
  remove: ExistingSubscription[];
}

// What to do to make the store's subscriptions the wanted ones. Only subscriptions pointing at
// exactly our URI are ours: whatever points elsewhere (another app's, another shop entry's,
// an old public URL's) is never touched.
export function planSubscriptions(
  wanted: readonly string[],
  existing: readonly ExistingSubscription[],
  ourUri: string,
): SubscriptionPlan {
  const keep: ExistingSubscription[] = [];
  const remove: ExistingSubscription[] = [];
  for (const subscription of existing) {
    if (subscription.uri !== ourUri) continue;
    const needed =
      wanted.includes(subscription.topic) && !keep.some((k) => k.topic === subscription.topic);
    (needed ? keep : remove).push(subscription);
  }
  const create = [...new Set(wanted)].filter((topic) => !keep.some((k) => k.topic === topic));
  return { keep, create, remove };
}
