// The write batcher: items queued while the writes in flight are busy go out together, each caller gets
// its own result, and a failed batch is retried item by item so only the bad item fails.
import { WriteBatcher } from '../../src/lifecycle/writeBatcher';

function recordingWriter(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (items.some(fail)) throw new Error(`bad item in [${items.join(', ')}]`);
    return items.map((item) => item * 10);
  };
  return { batches, write };
}

it('writes the first item at once and the ones queued behind it together', async () => {
  const { batches, write } = recordingWriter();
  const batcher = new WriteBatcher(write, 1);
  const results = await Promise.all([1, 2, 3, 4].map((item) => batcher.add(item)));
  expect(results).toEqual([10, 20, 30, 40]);
  expect(batches).toEqual([[1], [2, 3, 4]]);
});

it('keeps up to maxInFlight batches going and caps a batch at maxItems', async () => {
  const { batches, write } = recordingWriter();
  const batcher = new WriteBatcher(write, 2, 2);
  await Promise.all([1, 2, 3, 4, 5, 6].map((item) => batcher.add(item)));
  expect(batches).toEqual([[1], [2], [3, 4], [5, 6]]);
});

it('retries a failed batch item by item: only the bad item fails', async () => {
  const { batches, write } = recordingWriter((item) => item === 3);
  const batcher = new WriteBatcher(write, 1);
  const results = await Promise.allSettled([1, 2, 3, 4].map((item) => batcher.add(item)));
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([10, 20, 'failed', 40]);
  expect(batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
});
