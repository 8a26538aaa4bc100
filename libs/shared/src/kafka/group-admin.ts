import { Kafka } from 'kafkajs';

// Consumer groups of one process alone (a per-instance group, so that every instance sees every
// message) must not outlive it: Kafka keeps an empty group with its offsets for days.

// Deletes the groups under `prefix` that have no member: left by instances that are gone. A
// live instance's group has members, and the broker refuses to delete a non-empty group anyway.
export async function deleteEmptyGroups(kafka: Kafka, prefix: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const candidates = groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
    if (!candidates.length) return [];
    const described = await admin.describeGroups(candidates);
    const empty = described.groups
      .filter((g) => g.state === 'Empty' || g.state === 'Dead')
      .map((g) => g.groupId);
    if (empty.length) await admin.deleteGroups(empty);
    return empty;
  } finally {
    await admin.disconnect();
  }
}
