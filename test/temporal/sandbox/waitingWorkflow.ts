// A workflow that waits for a signal, so a test can ask where it waits (the stack-trace query) and
// see it finish: what src/temporal/leanWorker.ts keeps and what it gives up.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const releaseSignal = defineSignal<[string]>('release');

export async function waitForRelease(): Promise<string> {
  let released: string | undefined;
  setHandler(releaseSignal, (value) => {
    released = value;
  });
  await condition(() => released !== undefined);
  return `released by ${released}`;
}
