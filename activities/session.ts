// Activities of the charge session workflow: every database read and write of a session.
// Each is idempotent: Temporal retries an activity whose result it did not see.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { CdrInputError, type CdrOwner } from '../src/cdr';
import {
  appendAudit,
  getCdrForSession,
  getCharger,
  getSession,
  getTariff,
  setSessionStatus,
  storeCdr,
  upsertSession,
  type CdrRecord,
  type TokenRecord,
} from '../src/db';
import { addSessionFlags, UnknownSessionError } from '../src/db/repos/sessionIngest';
import { authorizeToken, type RoamingAuthorization } from '../src/lifecycle/authorize';
import { ingestSession, ingestStop } from '../src/lifecycle/sessionIngest';
import { loadSessionFacts, pricedSessionCdr } from '../src/lifecycle/sessionCdr';
import { chooseSessionTariff } from '../src/lifecycle/sessionTariff';
import { findPartnerByParty } from '../src/db/repos/partners';
import { partnerWholesaleTariff } from '../src/roaming/wholesale';
import { findToken } from '../src/db/repos/tokens';
import { requireCustomer } from '../src/db/repos/customers';
import { sessionPaymentPlanOf, type SessionPaymentPlan } from '../src/billing/flows/sessionHold';
import type { AuthorizationResult } from '../src/session/types';
import { InputError } from '../src/tariff';
import type {
  CdrSummary,
  LiveTotals,
  SessionStartInput,
  StopRequest,
} from '../workflows/chargeSessionMessages';

/** What the workflow keeps from session start: the authorization and the tariff frozen for the session. */
export interface SessionInit {
  authorization: AuthorizationResult;
  tariff?: { id: string; version: number; currency: string };
  timeZone: string;
  /** The roaming partner (eMSP) whose driver this is: the CDR is pushed to it, not invoiced here. */
  roamingPartnerId?: string;
  /** How an accepted driver is billed (absent in sessions started before it was looked up here). */
  payment?: SessionPaymentPlan;
}

/** How a session ended: its final running totals and, when it was rated, its CDR. */
export interface SessionEnd {
  totals: LiveTotals;
  cdr?: CdrSummary;
}

export interface SessionActivities {
  /** Authorize the token, freeze the tariff valid at start, create the session row. Idempotent. */
  initializeSession(input: SessionStartInput): Promise<SessionInit>;
  /** Classify samples stored since the last call (flag the impossible ones) and return running totals. */
  ingestMeterData(sessionId: string): Promise<LiveTotals>;
  flagSession(sessionId: string, flag: string): Promise<void>;
  /**
   * The session cannot be rated (its data contradicts itself): recorded as failed with the reason, for
   * a human. Returns its final running totals.
   */
  failSession(sessionId: string, reason: string): Promise<LiveTotals>;
  /**
   * Ingest what is left and record the stop; with `rate`, build the OCPI CDR from the stored samples,
   * rate it with the frozen tariff and store both. Idempotent.
   */
  finishSession(sessionId: string, stop: StopRequest, options: { rate: boolean }): Promise<SessionEnd>;
}

export interface SessionActivityDeps {
  db: Knex;
  /** The CPO a CDR belongs to when its charger names none (OCPI country_code + party_id). */
  defaultOwner: CdrOwner;
  /** The present; a parameter so tests can pin it. */
  now?: () => Date;
  /** Our OCPI identity: partner tokens whose whitelist says so are authorized with their eMSP in real time. */
  roaming?: RoamingAuthorization;
}

/** The partner eMSP a roaming token belongs to (its tokens came from that connection). */
async function roamingPartnerOf(db: Knex, token: TokenRecord | undefined): Promise<string | undefined> {
  if (!token?.isRoaming) return undefined;
  return (await findPartnerByParty(db, token.countryCode, token.partyId, 'EMSP'))?.id;
}

export function createSessionActivities(deps: SessionActivityDeps): SessionActivities {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  async function existingInit(sessionId: string): Promise<SessionInit | undefined> {
    const session = await getSession(db, sessionId);
    if (!session) return undefined;
    const record = session.tariffId
      ? await getTariff(db, session.tariffId, session.tariffVersion ?? undefined)
      : undefined;
    const tariff = record && { id: record.tariffId, version: record.version, currency: record.currency };
    const accepted = session.authStatus === 'Accepted';
    const token = accepted && session.tokenUid ? await findToken(db, session.tokenUid) : undefined;
    const roamingPartnerId = await roamingPartnerOf(db, token);
    return {
      authorization: {
        status: session.authStatus,
        ...(session.tokenUid && { tokenUid: session.tokenUid }),
        ...(session.contractId && { contractId: session.contractId }),
      },
      tariff,
      timeZone: session.timeZone,
      ...(roamingPartnerId && { roamingPartnerId }),
      ...(accepted && { payment: await paymentPlanOf(token) }),
    };
  }

  /** How the token's driver pays (src/billing/flows/sessionHold.ts): one lookup, only for customers. */
  async function paymentPlanOf(token: TokenRecord | undefined): Promise<SessionPaymentPlan> {
    const customer = token?.customerId ? await requireCustomer(db, token.customerId) : undefined;
    return sessionPaymentPlanOf(customer);
  }

  return {
    async initializeSession(input) {
      // Independent reads at once: the charger's StartTransaction answer waits for this activity.
      const [known, charger, storedToken] = await Promise.all([
        existingInit(input.sessionId),
        getCharger(db, input.chargePointId),
        findToken(db, input.idTag),
      ]);
      if (known) return known;
      if (!charger) {
        throw ApplicationFailure.nonRetryable(
          `charger ${input.chargePointId} is not registered`,
          'UnknownCharger',
        );
      }
      const { result, token } = await authorizeToken(
        db,
        input.idTag,
        new Date(input.startedAt),
        deps.roaming,
        { token: storedToken },
      );
      if (!token) {
        // Roaming: a partner's driver whose token we do not know yet; the roaming module resolves it.
        await appendAudit(db, {
          actor: `charger:${input.chargePointId}`,
          action: 'unknown_token',
          subject: input.sessionId,
          data: { idTag: input.idTag },
          idempotencyKey: `unknown_token:${input.sessionId}`,
        });
      }
      const accepted = result.status === 'Accepted';
      const tariff = accepted
        ? await chooseSessionTariff(db, {
            token,
            chargePointId: input.chargePointId,
            connectorId: input.connectorId,
            startedAt: input.startedAt,
            connectorTariffIds: charger.connectors.find((c) => c.connectorId === input.connectorId)
              ?.tariffIds,
          })
        : undefined;
      // A partner's driver is priced with the agreement's wholesale tariff (sessionTariff.ts); without
      // one the connector's tariff applies, and the session says why for a human to settle it.
      const wholesale = accepted && token?.isRoaming ? await partnerWholesaleTariff(db, token) : undefined;
      const roamingPartnerId = wholesale?.partner.id;
      const flags: Record<string, unknown> = {};
      if (accepted && !tariff) flags.no_tariff = true;
      if (wholesale && !wholesale.tariff) flags.no_wholesale_tariff = wholesale.problem;
      await upsertSession(db, {
        id: input.sessionId,
        chargePointId: input.chargePointId,
        connectorId: input.connectorId,
        transactionId: input.transactionId,
        idTag: input.idTag,
        tokenUid: token?.uid ?? null,
        authStatus: result.status,
        contractId: token?.contractId ?? null,
        tariffId: tariff?.tariffId ?? null,
        tariffVersion: tariff?.version ?? null,
        timeZone: charger.timeZone,
        meterStartWh: input.meterStartWh,
        startedAt: input.startedAt,
        flags,
      });
      return {
        authorization: result,
        tariff: tariff && { id: tariff.tariffId, version: tariff.version, currency: tariff.currency },
        timeZone: charger.timeZone,
        ...(roamingPartnerId && { roamingPartnerId }),
        ...(accepted && { payment: await paymentPlanOf(token) }),
      };
    },

    async ingestMeterData(sessionId) {
      return ingestSession(db, sessionId, now());
    },

    async flagSession(sessionId, flag) {
      await addSessionFlags(db, sessionId, { [flag]: true });
    },

    async failSession(sessionId, reason) {
      await addSessionFlags(db, sessionId, { failure: reason });
      await setSessionStatus(db, sessionId, 'failed');
      return ingestSession(db, sessionId, now());
    },

    async finishSession(sessionId, stop, { rate }) {
      const { totals, session } = await ingestStop(db, sessionId, now(), stop).catch((err: unknown) => {
        if (err instanceof UnknownSessionError)
          throw ApplicationFailure.nonRetryable(err.message, 'UnknownSession');
        throw err;
      });
      if (!rate) return { totals };
      // A retry after the CDR was stored (storeCdr would find it too, after rating all over again).
      const stored = session.status === 'rated' ? await getCdrForSession(db, sessionId) : undefined;
      if (stored) return { totals, cdr: summaryOf(stored) };
      const facts = await loadSessionFacts(db, session);
      const cdr = nonRetryableOnBadData(() =>
        pricedSessionCdr(facts, deps.defaultOwner, now().toISOString()),
      );
      const { chargeledger_breakdown: breakdown, ...ocpiCdr } = cdr;
      const { record } = await storeCdr(
        db,
        {
          cdr: ocpiCdr,
          sessionId,
          breakdown,
          tariffId: session.tariffId ?? undefined,
          tariffVersion: session.tariffVersion ?? undefined,
        },
        { rateSession: true },
      );
      return { totals, cdr: summaryOf(record) };
    },
  };
}

/** Data that cannot become a CDR will not improve on retry: fail the activity for good, naming the problem. */
function nonRetryableOnBadData<T>(build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof CdrInputError || err instanceof InputError) {
      throw ApplicationFailure.nonRetryable(err.message, 'UnratableSession');
    }
    throw err;
  }
}

function summaryOf(record: CdrRecord): CdrSummary {
  const { totals } = record;
  return {
    cdrId: record.id,
    currency: record.currency,
    totalCost: {
      excl_vat: totals.cost.exclVat ?? '0',
      incl_vat: totals.cost.inclVat ?? totals.cost.exclVat ?? '0',
    },
    totalEnergyKwh: totals.energy ?? '0',
    totalTimeHours: totals.time ?? '0',
    totalParkingTimeHours: totals.parkingTime ?? '0',
  };
}
