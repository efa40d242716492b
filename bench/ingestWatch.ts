// When did the session workflows ingest each sample? The ingest step advances the session's cursor
// (sessions.ingested_sample_id) in the same transaction that classifies the samples, so polling the
// cursors tells, to within the poll interval, when every sample up to it had been ingested.
import type { Knex } from 'knex';
import { wallClockMs } from './timedCharger';

interface CursorMove {
  atMs: number;
  cursor: bigint;
}

export class IngestWatch {
  private readonly moves = new Map<string, CursorMove[]>();
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly db: Knex,
    private readonly everyMs = 10,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** When the session's cursor first reached `sampleId`; undefined if it was not seen to. */
  ingestedAt(sessionId: string, sampleId: string): number | undefined {
    const id = BigInt(sampleId);
    return this.moves.get(sessionId)?.find((move) => move.cursor >= id)?.atMs;
  }

  private async poll(): Promise<void> {
    while (this.running) {
      // The statement's snapshot is taken as it starts: that is when the cursors read were reached by.
      const atMs = wallClockMs();
      const rows: Array<{ id: string; ingested_sample_id: string }> = await this.db('sessions').select(
        'id',
        'ingested_sample_id',
      );
      for (const row of rows) {
        const cursor = BigInt(row.ingested_sample_id);
        const moves = this.moves.get(row.id) ?? [];
        if (moves.length === 0 || moves[moves.length - 1].cursor !== cursor) moves.push({ atMs, cursor });
        this.moves.set(row.id, moves);
      }
      await new Promise((resolve) => setTimeout(resolve, this.everyMs));
    }
  }
}
