// The "meter data arrived" coalescer: a burst of notifications for one session becomes one signal, and
// no notification is left without a signal sent after it (the workflow reads everything stored since its
// last ingest, so that is all it needs to lose nothing).
import { setTimeout as sleep } from 'node:timers/promises';
import { SignalCoalescer } from '../../src/lifecycle/signalCoalescer';

const GAP_MS = 40;

function recordingCoalescer() {
  const sent: Array<{ key: string; at: number }> = [];
  const coalescer = new SignalCoalescer(
    async (key) => {
      sent.push({ key, at: performance.now() });
    },
    (key, err) => {
      throw new Error(`unexpected failure for ${key}: ${String(err)}`);
    },
    GAP_MS,
  );
  return { coalescer, sent };
}

it('folds a burst within the gap into one signal per key', async () => {
  const { coalescer, sent } = recordingCoalescer();
  for (let i = 0; i < 5; i++) coalescer.notify('session-a');
  coalescer.notify('session-b');
  await coalescer.flush();
  expect(sent.map((s) => s.key).sort()).toEqual(['session-a', 'session-b']);
});

it('sends after every notification: one that arrives while a signal is pending gets its own later', async () => {
  const { coalescer, sent } = recordingCoalescer();
  coalescer.notify('session-a');
  await sleep(GAP_MS * 1.5); // the first signal has gone out
  const lateAt = performance.now();
  coalescer.notify('session-a');
  await coalescer.flush();
  expect(sent).toHaveLength(2);
  expect(sent[1].at).toBeGreaterThanOrEqual(lateAt);
});

it('with no gap, signals at once', async () => {
  const sent: string[] = [];
  const coalescer = new SignalCoalescer(
    async (key) => void sent.push(key),
    () => undefined,
    0,
  );
  coalescer.notify('session-a');
  expect(sent).toEqual(['session-a']); // synchronously on the first notification
  await coalescer.flush();
});
