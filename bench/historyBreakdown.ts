// Where a session workflow's time went, read from its Temporal history: how long workflow tasks waited to
// be picked up (server and worker queueing), how long the worker held them (the workflow code and the
// local activities it runs inside the task), and how long each (regular) activity took.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface Durations {
  /** WorkflowTaskScheduled → Started. */
  workflowTaskWaitMs: number[];
  /** WorkflowTaskStarted → Completed. */
  workflowTaskRunMs: number[];
  /** Activity scheduled → completed, by activity type. */
  activityMs: Map<string, number[]>;
  /** Signals per workflow run. */
  signals: number[];
  /** Workflow tasks per workflow run. */
  workflowTasks: number[];
  /** Events per workflow run. */
  events: number[];
}

const timeOf = (event: HistoryEvent): number =>
  Number(event.eventTime!.seconds) * 1000 + (event.eventTime!.nanos ?? 0) / 1e6;

function push(map: Map<string, number[]>, key: string, value: number): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

export async function historyBreakdown(client: Client, workflowIds: readonly string[]): Promise<Durations> {
  const durations: Durations = {
    workflowTaskWaitMs: [],
    workflowTaskRunMs: [],
    activityMs: new Map(),
    signals: [],
    workflowTasks: [],
    events: [],
  };
  for (const workflowId of workflowIds) {
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const byId = new Map(events.map((e) => [String(e.eventId), e]));
    const scheduledOf = (id: unknown) => byId.get(String(id));
    durations.events.push(events.length);
    durations.signals.push(events.filter((e) => e.workflowExecutionSignaledEventAttributes).length);
    durations.workflowTasks.push(events.filter((e) => e.workflowTaskCompletedEventAttributes).length);
    for (const event of events) {
      const started = event.workflowTaskStartedEventAttributes;
      if (started)
        durations.workflowTaskWaitMs.push(timeOf(event) - timeOf(scheduledOf(started.scheduledEventId)!));
      const completed = event.workflowTaskCompletedEventAttributes;
      if (completed)
        durations.workflowTaskRunMs.push(timeOf(event) - timeOf(scheduledOf(completed.startedEventId)!));
      const done = event.activityTaskCompletedEventAttributes;
      if (done) {
        const scheduled = scheduledOf(done.scheduledEventId)!;
        push(
          durations.activityMs,
          scheduled.activityTaskScheduledEventAttributes!.activityType!.name!,
          timeOf(event) - timeOf(scheduled),
        );
      }
    }
  }
  return durations;
}
