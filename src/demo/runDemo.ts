// `chargeledger demo`: the whole path on embedded defaults. A local Temporal dev server (with its web
// UI), the embedded PGlite database, the OCPP gateway and a worker in this process, and a simulated
// charger that plugs in, charges across the tariff's 20:00 price change, idles, and unplugs. The
// session workflow turns it into a priced OCPI CDR, which is printed and written to out/demo/; the
// driver pays ad hoc by card (held and captured at a local stripe-mock when one can start), and the
// billSession workflow issues the invoice, archives its PDF (copied to out/demo/) and e-mails it
// (SMTP_URL, else the outbox folder out/outbox/).
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import pino from 'pino';
import { loadConfig, type ChargeledgerConfig } from '../config';
import { getCdrForSession, openDatabase, type CdrRecord } from '../db';
import { startStripeMock, type StripeMock } from '../dev/stripeMock';
import { devTemporalDbFile, startTemporalDevServer, type TemporalDevServer } from '../dev/temporalServer';
import { startStack } from '../runtime/stack';
import { SimulatedCharger, runChargingScenario } from '../sim';
import { connectClient } from '../temporal/connection';
import { quietTemporalRuntime } from '../temporal/runtimeLogging';
import { billSessionWorkflowId, type SessionBillResult } from '../../workflows/billingMessages';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import { seedDemoBilling } from './demoBilling';
import { demoInvoice, type DemoInvoice, type DemoPayments } from './demoInvoice';
import { DEMO_CHARGER, DEMO_PASSWORD, DEMO_TIME_ZONE, DEMO_TOKEN, seedDemoSite } from './demoSite';

export interface DemoResult {
  sessionId: string;
  workflowUrl: string | undefined;
  cdr: CdrRecord;
  cdrFile: string;
  /** The session's invoice: PDF path, payment and e-mail (undefined when nothing was invoiced). */
  invoice: DemoInvoice | undefined;
  /** Still running, so its web UI can show the session; stop it with `stopTemporal()`. */
  temporal: TemporalDevServer;
  stopTemporal(): Promise<void>;
}

export interface DemoOptions {
  config?: ChargeledgerConfig;
  /** Progress lines for a person (stderr by default). */
  say?: (line: string) => void;
}

/**
 * The last weekday evening before now, 19:05 local plus a few seconds that differ from run to run
 * (a repeated demo is a new session, not a retry of the last one). Entirely in the past, so no
 * sample looks like it comes from the future.
 */
export function demoSessionStart(now: Date): string {
  let day = DateTime.fromJSDate(now, { zone: DEMO_TIME_ZONE }).minus({ days: 1 }).startOf('day');
  while (day.weekday > 5) day = day.minus({ days: 1 });
  const offsetSeconds = Math.floor(now.getTime() / 1000) % 300;
  return day
    .set({ hour: 19, minute: 5 })
    .plus({ seconds: offsetSeconds })
    .toUTC()
    .toISO({ suppressMilliseconds: true })!;
}

function stripeMockSettings(mock: StripeMock) {
  return { secretKey: 'sk_test_123', apiBase: mock.url };
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const config = options.config ?? loadConfig();
  const say = options.say ?? ((line: string) => process.stderr.write(line + '\n'));
  fs.mkdirSync(config.dataDir, { recursive: true });

  quietTemporalRuntime('ERROR');
  say('Starting the Temporal dev server…');
  const temporal = await startTemporalDevServer({
    dbFile: devTemporalDbFile(config.dataDir),
    namespace: config.temporal.namespace,
  });
  const stopAll: Array<() => Promise<void>> = [() => temporal.stop()];
  try {
    say(
      `Opening the database (${config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dataDir ?? 'memory'}` : 'PostgreSQL'})…`,
    );
    const db = await openDatabase(config.database);
    stopAll.unshift(() => db.destroy());
    await seedDemoSite(db);
    const stripeMock = await startStripeMock().catch((err: Error) => err);
    if (!(stripeMock instanceof Error)) stopAll.unshift(() => stripeMock.stop());
    else say(`stripe-mock is not available (${stripeMock.message.split('\n')[0]}): no card payment.`);
    await seedDemoBilling(db, { card: !(stripeMock instanceof Error) });
    const payments: DemoPayments = {
      stripe:
        stripeMock instanceof Error
          ? { unavailable: stripeMock.message.split('\n')[0] }
          : { url: stripeMock.url },
      holdAmount: config.holdAmount,
      mailDestination: config.smtpUrl ?? path.join(config.outDir, 'outbox'),
    };

    const temporalConfig = { ...config.temporal, address: temporal.address };
    const stack = await startStack({
      db,
      temporal: temporalConfig,
      defaultOwner: { countryCode: 'DE', partyId: 'CLG' },
      ocpp: {},
      logger: pino({ level: 'warn' }),
      // Only ever the local stripe-mock: a demo never talks to real Stripe.
      billing: {
        stripe: stripeMock instanceof Error ? undefined : stripeMockSettings(stripeMock),
        holdAmount: config.holdAmount,
        mail: { smtpUrl: config.smtpUrl, outDir: config.outDir },
      },
    });
    stopAll.unshift(() => stack.close());

    say(`Simulated charger ${DEMO_CHARGER} connects to ${stack.gateway!.url} (OCPP 1.6J) and charges…`);
    const charger = new SimulatedCharger({
      url: stack.gateway!.url,
      chargePointId: DEMO_CHARGER,
      password: DEMO_PASSWORD,
      ocppVersion: '1.6',
    });
    await charger.connect();
    stopAll.unshift(() => charger.close());
    await charger.boot();
    const run = await runChargingScenario(charger, {
      connectorId: 1,
      idTag: DEMO_TOKEN,
      startAt: demoSessionStart(new Date()),
      meterStartWh: '4711000',
      sampleIntervalSeconds: 60,
      battery: {
        capacityWh: '77000',
        startSocPercent: '18',
        targetSocPercent: '60',
        maxPowerW: '11000',
        taperFromSocPercent: '70',
        minPowerW: '3000',
      },
      idleTailSeconds: 45 * 60,
    });
    if (run.authorizationStatus !== 'Accepted')
      throw new Error(`the demo token was not accepted (${run.authorizationStatus})`);

    const sessionId = sessionWorkflowId(DEMO_CHARGER, run.transactionId!);
    say('Session rated; invoicing it (billSession workflow)…');
    const client = await connectClient(temporalConfig);
    let bill: SessionBillResult;
    try {
      await client.workflow.getHandle(sessionId).result();
      bill = await client.workflow.getHandle(billSessionWorkflowId(sessionId)).result();
    } finally {
      await client.connection.close();
    }
    const cdr = await getCdrForSession(db, sessionId);
    if (!cdr) throw new Error(`session ${sessionId} finished without a CDR`);

    const outDir = path.join(config.outDir, 'demo');
    fs.mkdirSync(outDir, { recursive: true });
    const cdrFile = path.join(outDir, `${cdr.id}.json`);
    fs.writeFileSync(
      cdrFile,
      JSON.stringify({ ...cdr.cdr, chargeledger_breakdown: cdr.breakdown }, null, 2) + '\n',
    );
    const invoice = await demoInvoice(db, bill, outDir, payments);
    const workflowUrl =
      temporal.uiUrl && `${temporal.uiUrl}/namespaces/${temporal.namespace}/workflows/${sessionId}`;
    // Everything but Temporal stops now; the caller decides how long the UI stays up.
    for (const stop of stopAll.splice(0, stopAll.length - 1)) await stop();
    stopAll.length = 0;
    return { sessionId, workflowUrl, cdr, cdrFile, invoice, temporal, stopTemporal: () => temporal.stop() };
  } finally {
    for (const stop of stopAll) await stop().catch(() => undefined);
  }
}
