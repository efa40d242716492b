// `chargeledger roaming …`: connecting two installations over OCPI 2.2.1 and running the roaming
// business, on the database of DATABASE_URL (or the embedded PGlite) as who OCPI_BASE_URL and
// OCPI_PARTIES say we are.
//
//   invite --name N             a partner-to-be: prints our versions URL and their token A (once)
//   register URL TOKEN_A        the other side: the whole credentials handshake with that partner
//   partners                    connections, agreements, CDR pushes pending/refused, CDRs not invoiced
//   agreement ID --role …       the commercial terms with a partner (then: settlement Schedules sync)
//   push-token ID UID           eMSP: send one of our drivers' tokens to a partner CPO
//   settle ID --from --to       run the settlement workflow for a period (needs a worker and Temporal)
//   dispute ID CDR --direction  withhold a CDR from what is due until a credit CDR resolves it
//   credit CDR                  CPO: cancel a CDR sent to a partner with a credit CDR and push it
import type { Client } from '@temporalio/client';
import { Option, type Command } from 'commander';
import type { Knex } from 'knex';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/knex';
import { SETTLEMENT_PERIODS } from '../../db/migrations/003_roaming';
import { getPartner, invitePartner, putAgreement } from '../../db/repos/partners';
import { findToken } from '../../db/repos/tokens';
import { InvalidRecordError } from '../../db/values';
import { ocpiUrls, type OcpiIdentity } from '../../ocpi/identity';
import { pushToken } from '../../ocpi/client/pushToken';
import { registerWithPartner } from '../../ocpi/client/registration';
import { disputeCdr } from '../../roaming/disputes';
import { partnerOverviews } from '../../roaming/partnerOverview';
import { ocpiTokenOf } from '../../roaming/partnerTokens';
import { cdrPushResult, creditSentCdr, runSettlement } from '../../roaming/roamingWorkflows';
import { SettlementRangeError, settlementRangeOfDates } from '../../roaming/settlement/settlementPeriod';
import { ensureSettlementSchedules } from '../../roaming/settlement/settlementSchedules';
import { connectClient } from '../../temporal/connection';
import { UsageError } from '../cliErrors';
import type { RegisterCommand } from '../main';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const json = (value: unknown): void => say(JSON.stringify(value, null, 2));

function identity(): OcpiIdentity {
  const ocpi = loadConfig().ocpi;
  if (!ocpi) throw new UsageError('roaming needs our OCPI identity: set OCPI_BASE_URL and OCPI_PARTIES');
  return ocpi;
}

/** Runs `work` on the configured database; record errors (a bad id, a bad value) are usage errors. */
async function withDatabase<T>(work: (db: Knex) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig().database);
  try {
    return await work(db);
  } catch (error) {
    if (error instanceof InvalidRecordError || error instanceof SettlementRangeError) {
      throw new UsageError(error.message);
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

async function withTemporal<T>(work: (client: Client, taskQueue: string) => Promise<T>): Promise<T> {
  const { temporal } = loadConfig();
  const client = await connectClient(temporal);
  try {
    return await work(client, temporal.taskQueue);
  } finally {
    await client.connection.close();
  }
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function invite(group: Command): void {
  group
    .command('invite')
    .description('invite a partner: prints our versions URL and a CREDENTIALS_TOKEN_A for them (shown once)')
    .requiredOption('--name <name>', 'the partner, as we call it')
    .option('--id <id>', 'our id for the partner (default: a new UUID)')
    .option('--json', 'print as JSON')
    .action(async (options: { name: string; id?: string; json?: boolean }) => {
      const versionsUrl = ocpiUrls(identity()).versions;
      const { partner, tokenA } = await withDatabase((db) => invitePartner(db, options));
      if (options.json) return json({ partnerId: partner.id, versionsUrl, tokenA });
      say(
        `Invited partner ${partner.id} (${partner.name}). Hand them, for \`chargeledger roaming register\`:`,
      );
      say(`  versions URL  ${versionsUrl}`);
      say(`  token A       ${tokenA}`);
    });
}

function register(group: Command): void {
  group
    .command('register')
    .description('register with a partner who invited us: their versions URL and the token A they gave')
    .argument('<versionsUrl>', "the partner's OCPI versions endpoint")
    .argument('<tokenA>', 'the CREDENTIALS_TOKEN_A they gave us')
    .option('--name <name>', 'the partner, as we call it (default: the URL host)')
    .option('--id <id>', 'our id for the partner (default: a new UUID)')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nA token that begins with "-": give the options first, then -- before the URL.')
    .action(
      async (
        versionsUrl: string,
        tokenA: string,
        options: { name?: string; id?: string; json?: boolean },
      ) => {
        const ctx = { identity: identity() };
        const partner = await withDatabase((db) =>
          registerWithPartner({ db, ...ctx }, versionsUrl, tokenA, {
            ...(options.name && { name: options.name }),
            ...(options.id && { partnerId: options.id }),
          }),
        );
        const parties = partner.roles.map(
          (r) => `${r.role} ${r.countryCode}-${r.partyId} (${r.businessName})`,
        );
        if (options.json) return json({ partnerId: partner.id, status: partner.status, parties });
        say(`Registered with partner ${partner.id} (${partner.name}): ${parties.join(', ')}.`);
      },
    );
}

function partners(group: Command): void {
  group
    .command('partners')
    .description('list roaming partners: connection, agreements, CDR pushes and received CDRs')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const overviews = await withDatabase(partnerOverviews);
      if (options.json) return json(overviews);
      if (overviews.length === 0)
        return say('No roaming partners yet (chargeledger roaming invite|register).');
      for (const p of overviews) {
        say(`${p.id}  ${p.name}  [${p.status}]  ${p.parties.join('; ') || 'no parties yet'}`);
        for (const a of p.agreements) {
          const tariff = a.wholesaleTariffId ? `, wholesale tariff ${a.wholesaleTariffId}` : '';
          const self = a.selfBilling ? ', self-billing' : '';
          say(
            `  we are ${a.ourRole}: ${a.currency}, settled ${a.settlementPeriod}, ${a.paymentTermsDays} days${tariff}${self}`,
          );
        }
        const d = p.deliveries;
        say(
          `  CDRs pushed: ${d.accepted} accepted, ${d.pending} pending, ${d.rejected} refused; received not invoiced: ${p.receivedNotInvoiced}`,
        );
      }
    });
}

function agreement(group: Command): void {
  group
    .command('agreement')
    .description(
      'set the agreement with a partner for one role (replaces it); syncs settlement Schedules when Temporal answers',
    )
    .argument('<partnerId>')
    .addOption(
      new Option('--role <role>', 'CPO: their drivers charge at ours; EMSP: ours at theirs')
        .choices(['CPO', 'EMSP'])
        .makeOptionMandatory(),
    )
    .requiredOption('--currency <code>', 'ISO 4217, e.g. EUR')
    .addOption(
      new Option('--period <period>', 'settlement period')
        .choices([...SETTLEMENT_PERIODS])
        .default('monthly'),
    )
    .option('--terms <days>', 'payment terms in days', '30')
    .option('--wholesale-tariff <id>', 'CPO: the tariff their drivers are rated with')
    .option('--self-billing', 'the eMSP issues the invoice on behalf of the CPO')
    .option('--no-schedules', 'do not sync the settlement Schedules now (the next worker start does)')
    .action(
      async (
        partnerId: string,
        options: {
          role: 'CPO' | 'EMSP';
          currency: string;
          period: string;
          terms: string;
          wholesaleTariff?: string;
          selfBilling?: boolean;
          schedules: boolean;
        },
      ) => {
        if (!/^\d+$/.test(options.terms))
          throw new UsageError(`--terms: expected whole days, got ${JSON.stringify(options.terms)}`);
        const saved = await withDatabase(async (db) => {
          if (!(await getPartner(db, partnerId)))
            throw new UsageError(`no roaming partner ${JSON.stringify(partnerId)}`);
          const stored = await putAgreement(db, {
            partnerId,
            ourRole: options.role,
            currency: options.currency,
            settlementPeriod: oneOf('--period', options.period, SETTLEMENT_PERIODS),
            paymentTermsDays: Number(options.terms),
            wholesaleTariffId: options.wholesaleTariff ?? null,
            selfBilling: options.selfBilling ?? false,
          });
          if (options.schedules) {
            await withTemporal((client, taskQueue) => ensureSettlementSchedules(client, db, { taskQueue }));
          }
          return stored;
        });
        say(
          `Agreement with ${partnerId} as ${saved.ourRole}: ${saved.currency}, settled ${saved.settlementPeriod}.`,
        );
      },
    );
}

function pushTokenCommand(group: Command): void {
  group
    .command('push-token')
    .description("eMSP: send one of our drivers' tokens to a partner CPO (OCPI tokens PUT)")
    .argument('<partnerId>')
    .argument('<uid>', 'the token uid')
    .action(async (partnerId: string, uid: string) => {
      const ctx = { identity: identity() };
      const outcome = await withDatabase(async (db) => {
        const token = await findToken(db, uid);
        if (!token || token.isRoaming) throw new UsageError(`no token ${JSON.stringify(uid)} of ours`);
        return pushToken({ db, ...ctx }, partnerId, ocpiTokenOf(token));
      });
      if (outcome.outcome !== 'accepted') {
        throw new Error(`the partner did not take token ${uid} (${outcome.outcome}): ${outcome.message}`);
      }
      say(`Token ${uid} sent to ${partnerId}.`);
    });
}

function settle(group: Command): void {
  group
    .command('settle')
    .description(
      'settle a period with a partner now: statement (PDF, CSV) and the B2B invoice where we issue it',
    )
    .argument('<partnerId>')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (UTC)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (UTC, inclusive)')
    .addOption(
      new Option('--role <role>', 'issue the invoice of this agreement only').choices(['CPO', 'EMSP']),
    )
    .option('--json', 'print the workflow result as JSON')
    .action(
      async (
        partnerId: string,
        options: { from: string; to: string; role?: 'CPO' | 'EMSP'; json?: boolean },
      ) => {
        let period;
        try {
          period = settlementRangeOfDates(options.from, options.to);
        } catch (error) {
          if (error instanceof SettlementRangeError) throw new UsageError(`--${error.message}`);
          throw error;
        }
        const result = await withTemporal((client, taskQueue) =>
          runSettlement(client, taskQueue, {
            partnerId,
            period,
            ...(options.role && { ourRole: options.role }),
          }),
        );
        if (options.json) return json(result);
        const s = result.statement;
        say(
          `Statement ${s.statementId} (version ${s.version}${s.created ? ', new' : ', unchanged'}), ${s.currency}:`,
        );
        say(
          `  due to us ${s.receivableInclVat}, due to them ${s.payableInclVat}, net ${s.netInclVat}; ${s.findings} finding(s)`,
        );
        say(`  ${s.files.pdf}`);
        say(`  ${s.files.csv}`);
        for (const invoice of result.invoices) {
          say(
            invoice.outcome === 'issued'
              ? `  ${invoice.ourRole} invoice ${invoice.invoice.number}: ${invoice.invoice.gross} ${invoice.invoice.currency}${invoice.selfBilled ? ' (self-billed)' : ''}`
              : `  ${invoice.ourRole}: no invoice (${invoice.reason})`,
          );
        }
      },
    );
}

function dispute(group: Command): void {
  group
    .command('dispute')
    .description('dispute a CDR: withheld from what is due until a credit CDR resolves it')
    .argument('<partnerId>')
    .argument('<cdrId>')
    .addOption(
      new Option('--direction <direction>', 'sent: ours to them; received: theirs to us')
        .choices(['sent', 'received'])
        .makeOptionMandatory(),
    )
    .requiredOption('--reason <text>', 'why, as the statement will show it')
    .action(
      async (
        partnerId: string,
        cdrId: string,
        options: { direction: 'sent' | 'received'; reason: string },
      ) => {
        const { dispute: opened, opened: isNew } = await withDatabase((db) =>
          disputeCdr(db, { partnerId, cdrId, direction: options.direction, reason: options.reason }),
        );
        say(
          `${isNew ? 'Opened' : 'Already open:'} dispute ${opened.id} on CDR ${opened.cdrId} (${opened.countryCode}-${opened.partyId}).`,
        );
      },
    );
}

function credit(group: Command): void {
  group
    .command('credit')
    .description('CPO: cancel a CDR sent to a partner with a credit CDR and push it (waits for the push)')
    .argument('<cdrId>')
    .action(async (cdrId: string) => {
      const result = await withDatabase((db) =>
        withTemporal(async (client, taskQueue) => {
          const issued = await creditSentCdr(client, db, taskQueue, cdrId, new Date().toISOString());
          return {
            ...issued,
            push: await cdrPushResult(client, { partnerId: issued.partnerId, cdrId: issued.credit.id }),
          };
        }),
      );
      say(
        `Credit CDR ${result.credit.id} for ${cdrId}: ${result.push.outcome}${result.push.outcome === 'rejected' ? ` (${result.push.message})` : ''}.`,
      );
    });
}

export const registerRoaming: RegisterCommand = (program) => {
  const group = program
    .command('roaming')
    .description('OCPI 2.2.1 roaming: connect partners, agreements, tokens, settlement, disputes');
  for (const add of [invite, register, partners, agreement, pushTokenCommand, settle, dispute, credit])
    add(group);
};
