// Makes Temporal's Schedules under an id prefix match a wanted list: creates what is missing, updates a
// schedule whose note (a summary of everything it depends on) changed, deletes the ones no longer
// wanted. Idempotent.
import { ScheduleNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';

export interface ScheduleSync {
  created: string[];
  updated: string[];
  unchanged: string[];
  deleted: string[];
}

async function currentNote(client: Client, scheduleId: string): Promise<string | null> {
  try {
    return (await client.schedule.getHandle(scheduleId).describe()).state.note ?? '';
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return null;
    throw err;
  }
}

/** `wanted` must all have ids starting with `idPrefix` and a note. */
export async function syncSchedules(
  client: Client,
  wanted: readonly ScheduleOptions[],
  idPrefix: string,
): Promise<ScheduleSync> {
  const sync: ScheduleSync = { created: [], updated: [], unchanged: [], deleted: [] };
  for (const desired of wanted) {
    const note = await currentNote(client, desired.scheduleId);
    if (note === null) {
      await client.schedule.create(desired);
      sync.created.push(desired.scheduleId);
    } else if (note !== desired.state?.note) {
      await client.schedule.getHandle(desired.scheduleId).update((previous) => ({
        ...previous,
        spec: desired.spec,
        action: desired.action,
        policies: { ...previous.policies, ...desired.policies },
        state: { ...previous.state, note: desired.state?.note },
      }));
      sync.updated.push(desired.scheduleId);
    } else {
      sync.unchanged.push(desired.scheduleId);
    }
  }
  const ids = new Set(wanted.map((desired) => desired.scheduleId));
  for await (const schedule of client.schedule.list()) {
    if (schedule.scheduleId.startsWith(idPrefix) && !ids.has(schedule.scheduleId)) {
      await client.schedule.getHandle(schedule.scheduleId).delete();
      sync.deleted.push(schedule.scheduleId);
    }
  }
  return sync;
}
