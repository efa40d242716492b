// "More meter data arrived" needs to reach a session workflow, but not once per sample: while one
// notification is on its way, further ones collapse into a single follow-up. The workflow reads
// everything stored since its last ingest, so a collapsed notification loses nothing, and a
// busy charger costs its workflow a handful of signals instead of one per MeterValues frame.

export type Notify = (key: string) => Promise<void>;

interface Slot {
  again: boolean;
}

export class SignalCoalescer {
  private readonly slots = new Map<string, Slot>();
  private readonly settled = new Set<Promise<void>>();

  /** `minGapMs`: delay before a key's first notification and between two of them, so bursts fold together. */
  constructor(
    private readonly send: Notify,
    private readonly onError: (key: string, err: unknown) => void,
    private readonly minGapMs = 0,
  ) {}

  notify(key: string): void {
    const slot = this.slots.get(key);
    if (slot) {
      slot.again = true;
      return;
    }
    const fresh: Slot = { again: false };
    this.slots.set(key, fresh);
    const run = this.drain(key, fresh).finally(() => this.settled.delete(run));
    this.settled.add(run);
  }

  /** Resolves when every pending notification has been sent (or failed). */
  async flush(): Promise<void> {
    while (this.settled.size > 0) await Promise.all([...this.settled]);
  }

  private async drain(key: string, slot: Slot): Promise<void> {
    try {
      // Wait before the first notification too: a busy charger's frames within one gap fold into a
      // single signal (and a single ingest) instead of the first of each burst going out alone.
      if (this.minGapMs > 0) await new Promise((r) => setTimeout(r, this.minGapMs));
      do {
        slot.again = false;
        try {
          await this.send(key);
        } catch (err) {
          this.onError(key, err);
        }
        if (slot.again && this.minGapMs > 0) await new Promise((r) => setTimeout(r, this.minGapMs));
      } while (slot.again);
    } finally {
      this.slots.delete(key);
    }
  }
}
