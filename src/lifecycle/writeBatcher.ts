// Many small writes as a few larger ones. Callers add an item and wait for its own result; while
// `maxInFlight` batches are being written, new items queue and go out together in the next batch. No
// timer: under light load an item is written at once, under heavy load one statement and one commit
// carry many items (MeterValues of hundreds of chargers cost PostgreSQL a few commits, not one each).
// A failed batch is retried item by item, so one bad item (a sample of an unknown session) fails alone:
// the writes must be idempotent, and a batch must fail as a whole (one statement or one transaction).

export type BatchWrite<T, R> = (items: T[]) => Promise<R[]>;

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

export class WriteBatcher<T, R> {
  private queue: Waiting<T, R>[] = [];
  private inFlight = 0;

  constructor(
    private readonly write: BatchWrite<T, R>,
    private readonly maxInFlight = 4,
    private readonly maxItems = 500,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxItems);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, i) => waiting.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      await Promise.all(batch.map((waiting) => this.run([waiting])));
    }
  }
}
