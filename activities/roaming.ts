// Activities of the roaming workflows: pushing a CDR to a partner eMSP, handing a received CDR to
// invoicing, settling a partner's period and issuing its B2B invoice. Each is idempotent: the push is
// recorded per (CDR, partner) and sends nothing once accepted; the hand-over writes its CDR copy once;
// statements are stored as a new version only when they changed; invoices are keyed by statement version.
//
// Failures: a partner that does not answer (or answers 5xx, 3xxx) is thrown as retryable, so Temporal
// keeps trying until it does; an answer that refuses for good is returned and recorded, never retried;
// input no retry can fix (unknown CDR, partner, statement; an invoice rule broken) fails for good.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { BillingInputError, IdempotencyConflictError, AlreadyBilledError } from '../src/billing/errors';
import { getCdr } from '../src/db/repos/cdrs';
import { getAgreement, getPartner, listAgreements } from '../src/db/repos/partners';
import { getStatement } from '../src/db/repos/settlements';
import { InvalidRecordError } from '../src/db/values';
import { InvoiceInputError } from '../src/invoice/errors';
import { endpointUrl } from '../src/ocpi/client/discoverEndpoints';
import { pushCdr } from '../src/ocpi/client/pushCdr';
import { pushRetryDelayMs, type PushRetry } from '../src/roaming/pushRetry';
import { handReceivedCdrToInvoicing, type ReceivedCdrHandover } from '../src/roaming/receivedCdrHandover';
import { ocpiContextOf, statementFilesOf, type RoamingSettings } from '../src/roaming/roamingSettings';
import { settlePartnerPeriod } from '../src/roaming/settlement/settlePartnerPeriod';
import {
  issueSettlementInvoice,
  type SettlementInvoiceOutcome,
} from '../src/roaming/settlement/settlementInvoice';
import { previousSettlementPeriod, type SettlementRange } from '../src/roaming/settlement/settlementPeriod';
import type { SettlementStatement } from '../src/roaming/settlement/statement';
import { statementCsv } from '../src/roaming/settlement/statementCsv';
import { statementPdf } from '../src/roaming/settlement/statementPdf';
import type {
  CdrPushInput,
  CdrPushResult,
  OurRole,
  SettlementInput,
  SettlementStatementSummary,
} from '../workflows/roamingMessages';

export type { ReceivedCdrHandover, SettlementInvoiceOutcome };

/** What a settlement run settles: the period, and the agreements whose invoices it issues. */
export interface SettlementPlan {
  partnerId: string;
  period: SettlementRange;
  roles: OurRole[];
}

export interface RoamingActivities {
  /** POSTs the stored CDR to the partner's cdrs receiver; throws (retryable) while the partner cannot take it. */
  pushCdrToPartner(input: CdrPushInput): Promise<CdrPushResult>;
  /** eMSP: the received CDR's retail copy for invoicing, and how it is invoiced. `asOf` dates an invoice. */
  handOverReceivedCdr(input: { recordId: string; asOf: string }): Promise<ReceivedCdrHandover>;
  /** The period (given, or the one before `asOf` by the agreement's settlement period) and the agreements to invoice. */
  planSettlement(input: SettlementInput & { asOf: string }): Promise<SettlementPlan>;
  /** Collects, reconciles with the partner's view, stores the statement (and its PDF and CSV files). */
  settlePartner(input: {
    partnerId: string;
    period: SettlementRange;
    generatedAt: string;
  }): Promise<SettlementStatementSummary>;
  /** The B2B invoice of the statement for one agreement, if we are the side that issues it. */
  issueSettlementInvoice(input: {
    statementId: string;
    ourRole: OurRole;
    issuedAt: string;
  }): Promise<SettlementInvoiceOutcome>;
}

export interface RoamingActivityDeps {
  db: Knex;
  /** Undefined: this worker does not roam; its roaming activities fail for good, saying so. */
  roaming?: RoamingSettings;
}

const FINAL_ERRORS = [
  BillingInputError,
  IdempotencyConflictError,
  AlreadyBilledError,
  InvalidRecordError,
  InvoiceInputError,
];

/** No retry fixes bad input: fail for good, keeping the error's message and name. */
async function finalOnBadInput<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (FINAL_ERRORS.some((type) => err instanceof type)) {
      const error = err as Error;
      throw ApplicationFailure.nonRetryable(error.message, error.name);
    }
    throw err;
  }
}

const final = (message: string, type: string) => ApplicationFailure.nonRetryable(message, type);

/** Retried by Temporal: at the deployment's own pace when it sets one, else by the workflow's policy. */
function partnerUnavailable(message: string, retry: PushRetry | undefined): ApplicationFailure {
  return ApplicationFailure.create({
    message,
    type: 'PartnerUnavailable',
    ...(retry && { nextRetryDelay: pushRetryDelayMs(retry, Context.current().info.attempt) }),
  });
}

async function writeOnce(file: string, content: () => Promise<Buffer | string>): Promise<void> {
  try {
    await fs.access(file);
  } catch {
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Under a temporary name first: a crash never leaves half a statement behind.
    const partial = `${file}.${Context.current().info.attempt}.partial`;
    await fs.writeFile(partial, await content());
    await fs.rename(partial, file);
  }
}

export function createRoamingActivities(deps: RoamingActivityDeps): RoamingActivities {
  const { db } = deps;
  const settings = (): RoamingSettings => {
    if (!deps.roaming)
      throw final('this worker has no OCPI identity (set OCPI_BASE_URL and OCPI_PARTIES)', 'RoamingOff');
    return deps.roaming;
  };

  return {
    async pushCdrToPartner({ partnerId, cdrId }) {
      const ctx = ocpiContextOf(db, settings());
      const record = await getCdr(db, cdrId);
      if (!record) throw final(`no CDR ${cdrId} to push`, 'UnknownCdr');
      const result = await pushCdr(ctx, partnerId, record.cdr, { correlationId: `cdr-push-${cdrId}` });
      if (result.outcome === 'accepted') {
        return {
          partnerId,
          cdrId,
          outcome: 'accepted',
          ...(result.location && { location: result.location }),
          alreadyAccepted: result.alreadyAccepted,
        };
      }
      if (result.outcome === 'rejected')
        return { partnerId, cdrId, outcome: 'rejected', message: result.message };
      throw partnerUnavailable(result.message, settings().pushRetry);
    },

    handOverReceivedCdr: ({ recordId, asOf }) =>
      finalOnBadInput(() => handReceivedCdrToInvoicing(db, recordId, { asOf, retail: settings().retail })),

    async planSettlement({ partnerId, ourRole, period, asOf }) {
      const partner = await getPartner(db, partnerId);
      if (!partner) throw final(`no roaming partner ${JSON.stringify(partnerId)}`, 'UnknownPartner');
      const agreements = ourRole
        ? [await getAgreement(db, partnerId, ourRole)].filter((a) => a !== undefined)
        : await listAgreements(db, { partnerId });
      if (agreements.length === 0) {
        const which = ourRole ? `${ourRole} agreement` : 'agreement';
        throw final(`roaming partner ${partnerId} has no ${which} to settle`, 'NoAgreement');
      }
      return {
        partnerId,
        period: period ?? previousSettlementPeriod(agreements[0].settlementPeriod, asOf),
        roles: agreements.map((agreement) => agreement.ourRole),
      };
    },

    async settlePartner({ partnerId, period, generatedAt }) {
      const roaming = settings();
      const partner = await getPartner(db, partnerId);
      if (!partner) throw final(`no roaming partner ${JSON.stringify(partnerId)}`, 'UnknownPartner');
      const { record, created, views } = await finalOnBadInput(() =>
        settlePartnerPeriod(ocpiContextOf(db, roaming), {
          partnerId,
          periodStart: period.start,
          periodEnd: period.end,
          generatedAt,
          // Their view where they offer one: a CPO lists its CDRs, an eMSP shows each it accepted.
          pullTheirCdrs: endpointUrl(partner.endpoints, 'cdrs', 'SENDER') !== undefined,
          readTheirCopies: endpointUrl(partner.endpoints, 'cdrs', 'RECEIVER') !== undefined,
        }),
      );
      // The stored version is the statement (an unchanged re-run returns the earlier one).
      const statement = record.statement as SettlementStatement;
      const files = statementFilesOf(roaming, record);
      await writeOnce(files.pdf, () => statementPdf(statement));
      await writeOnce(files.csv, async () => statementCsv(statement));
      return {
        statementId: record.id,
        version: record.version,
        created,
        currency: record.currency,
        receivableInclVat: record.receivableInclVat,
        payableInclVat: record.payableInclVat,
        netInclVat: record.netInclVat,
        findings: statement.findings.length,
        views,
        files,
      };
    },

    async issueSettlementInvoice({ statementId, ourRole, issuedAt }) {
      if (!(await getStatement(db, statementId)))
        throw final(`no settlement statement ${statementId}`, 'UnknownStatement');
      return finalOnBadInput(() =>
        issueSettlementInvoice(db, { statementId, ourRole, issuedAt, retail: settings().retail }),
      );
    },
  };
}
