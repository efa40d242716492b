// A chargeledger OCPI installation in the test process: its own database (test/helpers/db), the OCPI
// plugin on a real loopback port, and the context its client calls use. Two of these talk to each
// other exactly as two deployments would.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { ReceivedCdrRecord } from '../../../src/db/repos/roamingCdrs';
import { freePort } from '../../../src/dev/freePort';
import { ocpiRoutes, ocpiUrls, type OcpiContext, type OcpiIdentity, type OurParty } from '../../../src/ocpi';
import type { RetailOptions } from '../../../src/roaming/retailRating';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../../helpers/db';

export interface OcpiNode {
  db: Knex;
  identity: OcpiIdentity;
  ctx: OcpiContext;
  app: FastifyInstance;
  urls: ReturnType<typeof ocpiUrls>;
  /** Records passed to onCdrReceived, in order. */
  received: ReceivedCdrRecord[];
  close(): Promise<void>;
}

export interface OcpiNodeOptions {
  parties: OurParty[];
  kind?: TestDatabaseKind;
  bodyLimit?: number;
  pageLimit?: number;
  retail?: RetailOptions;
  timeoutMs?: number;
}

async function listening(options: OcpiNodeOptions, database: TestDatabase, received: ReceivedCdrRecord[]) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const identity: OcpiIdentity = { baseUrl: `http://127.0.0.1:${port}/ocpi`, parties: options.parties };
    const ctx: OcpiContext = { db: database.db, identity, timeoutMs: options.timeoutMs ?? 5_000 };
    const app = Fastify({ logger: false });
    await app.register(ocpiRoutes, {
      ...ctx,
      bodyLimit: options.bodyLimit,
      pageLimit: options.pageLimit,
      retail: options.retail,
      onCdrReceived: (record) => {
        received.push(record);
      },
    });
    try {
      await app.listen({ host: '127.0.0.1', port });
      return { app, identity, ctx };
    } catch (err) {
      await app.close();
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw err;
    }
  }
}

export async function startOcpiNode(options: OcpiNodeOptions): Promise<OcpiNode> {
  const database = await createTestDatabase({ kind: options.kind });
  const received: ReceivedCdrRecord[] = [];
  try {
    const { app, identity, ctx } = await listening(options, database, received);
    return {
      db: database.db,
      identity,
      ctx,
      app,
      urls: ocpiUrls(identity),
      received,
      close: async () => {
        await app.close();
        await database.destroy();
      },
    };
  } catch (err) {
    await database.destroy();
    throw err;
  }
}
