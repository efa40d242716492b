// /v1/sessions: HTTP integrators drive a charging session through the same edge (SessionService) as
// OCPP chargers do. Every POST is naturally idempotent, so a client retries with the same body:
// a start is keyed by (charger, transaction) or, without a transaction id, by (charger, connector,
// idTag, timestamp); samples by their values; a status change by (timestamp, state); the first stop wins.
import { Type } from '@sinclair/typebox';
import Decimal from 'decimal.js';
import type { Knex } from 'knex';
import { getCdrForSession, getCharger, getSession, listSessions, type SessionRecord } from '../../db';
import type { SessionLiveState } from '../../../workflows/chargeSessionMessages';
import { ApiError, invalidField, notFound } from '../apiError';
import type { ApiApp, ApiContext } from '../apiContext';
import { auditWrite } from '../audit';
import { clientOf } from '../auth';
import { pageOf, setPageHeaders } from '../paging';
import { refTo } from '../schemas/components';
import { errorResponses } from '../schemas/errors';
import {
  MeterValuesBody,
  MeterValuesResponse,
  SessionAccepted,
  SessionIdParams,
  SessionListQuery,
  SessionView,
  StartSessionBody,
  StartSessionResponse,
  StatusBody,
  StopBody,
} from '../schemas/sessions';
import { sessionView } from '../views/sessionView';

/** How long GET /v1/sessions/{id} waits for the workflow's live state before answering without it. */
const LIVE_STATE_WAIT_MS = 5_000;

const sessionPath = (sessionId: string) => `/v1/sessions/${encodeURIComponent(sessionId)}`;

async function requireSession(db: Knex, sessionId: string): Promise<SessionRecord> {
  const session = await getSession(db, sessionId);
  if (!session) throw notFound(`no session ${JSON.stringify(sessionId)}`);
  return session;
}

function requireActive(session: SessionRecord, what: string): void {
  if (session.status !== 'active') {
    throw new ApiError('conflict', `session ${session.id} is ${session.status}: ${what}`);
  }
}

/** A session starts only at a registered connector: otherwise it could be neither priced nor located. */
async function requireConnector(db: Knex, chargePointId: string, connectorId: number): Promise<void> {
  const charger = await getCharger(db, chargePointId);
  if (!charger) {
    throw invalidField(
      'chargePointId',
      `no charger ${JSON.stringify(chargePointId)} is registered (PUT /v1/chargers/{chargePointId} first)`,
    );
  }
  if (!charger.connectors.some((c) => c.connectorId === connectorId)) {
    const known = charger.connectors.map((c) => c.connectorId).join(', ') || 'none';
    throw invalidField(
      'connectorId',
      `charger ${chargePointId} has no connector ${connectorId} (registered: ${known})`,
    );
  }
}

/** A start that reached an existing session must describe that session, or it was a different start. */
function refuseDifferentStart(session: SessionRecord, start: StartSessionBody): void {
  const differs = [
    session.connectorId !== start.connectorId && 'connectorId',
    session.idTag !== start.idTag && 'idTag',
    Date.parse(session.startedAt) !== Date.parse(start.timestamp) && 'timestamp',
    !new Decimal(session.meterStartWh).eq(start.meterStartWh) && 'meterStartWh',
  ].filter((field): field is string => field !== false);
  if (differs.length === 0) return;
  throw new ApiError(
    'conflict',
    `transaction ${session.transactionId} of charger ${session.chargePointId} already started ` +
      `with other ${differs.join(', ')} (session ${session.id})`,
    differs.map((path) => ({ in: 'body', path, message: 'differs from the existing session' })),
  );
}

async function boundedLiveState(ctx: ApiContext, sessionId: string): Promise<SessionLiveState | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), LIVE_STATE_WAIT_MS);
  });
  const query = ctx.sessions.liveState(sessionId).catch(() => undefined);
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function sessionRoutes(app: ApiApp, ctx: ApiContext): void {
  const { db, sessions } = ctx;
  const tags = ['sessions'];

  app.post(
    '/v1/sessions',
    {
      config: { scope: 'sessions:write' },
      schema: {
        tags,
        operationId: 'startSession',
        summary: 'Start a charging session',
        description:
          'Authorizes the token, freezes the tariff offered at the connector and starts the session workflow. ' +
          'Idempotent: the same start again (same transactionId, or without one the same charger, connector, ' +
          'idTag and timestamp) returns the same session and transaction id. A refused token still creates ' +
          'a (rejected) session: check `authorization.status`.',
        body: StartSessionBody,
        response: {
          201: {
            ...StartSessionResponse,
            description: 'The session: new, or the same one for a retried start.',
          },
          ...errorResponses(409, 422),
        },
      },
    },
    async (request, reply) => {
      const start = request.body;
      await requireConnector(db, start.chargePointId, start.connectorId);
      const started = await sessions.startSession({ ...start, source: 'api' });
      const session = await getSession(db, started.sessionId);
      if (session) refuseDifferentStart(session, start);
      await auditWrite(db, request, 'session.start', `session:${started.sessionId}`, {
        chargePointId: start.chargePointId,
        connectorId: start.connectorId,
        idTag: start.idTag,
        transactionId: started.transactionId,
        authorization: started.authorization.status,
      });
      reply.code(201).header('Location', sessionPath(started.sessionId));
      return {
        sessionId: started.sessionId,
        transactionId: started.transactionId,
        authorization: started.authorization,
      };
    },
  );

  app.post(
    '/v1/sessions/:sessionId/meter-values',
    {
      config: { scope: 'sessions:write' },
      schema: {
        tags,
        operationId: 'recordMeterValues',
        summary: 'Send meter readings',
        description:
          'Stores the readings durably and tells the session workflow. Idempotent per reading: one sent ' +
          'again (a retry) counts as a duplicate and changes nothing. Readings for a stopped session are ' +
          'refused (409): they could no longer be billed.',
        params: SessionIdParams,
        body: MeterValuesBody,
        response: {
          202: { ...MeterValuesResponse, description: 'Stored; the workflow ingests them asynchronously.' },
          ...errorResponses(404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const session = await requireSession(db, request.params.sessionId);
      requireActive(session, 'meter values after the stop are not billed');
      const stored = await sessions.recordMeterValues(session.id, request.body.samples);
      await auditWrite(db, request, 'session.meter_values', `session:${session.id}`, stored);
      return reply.code(202).send(stored);
    },
  );

  app.post(
    '/v1/sessions/:sessionId/status',
    {
      config: { scope: 'sessions:write' },
      schema: {
        tags,
        operationId: 'recordConnectorState',
        summary: 'Report a connector state change',
        description:
          'Charging, SuspendedEV, SuspendedEVSE… decide between charging time and idle (parking) time. ' +
          'Idempotent: the same change (state and timestamp) again is recorded once.',
        params: SessionIdParams,
        body: StatusBody,
        response: { 202: { ...SessionAccepted, description: 'Recorded.' }, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const session = await requireSession(db, request.params.sessionId);
      requireActive(session, 'state changes after the stop are not billed');
      const { state, timestamp } = request.body;
      await sessions.recordConnectorState(session.id, state, timestamp);
      await auditWrite(db, request, 'session.status', `session:${session.id}`, { state, timestamp });
      return reply.code(202).send({ sessionId: session.id, message: `connector state ${state} recorded` });
    },
  );

  app.post(
    '/v1/sessions/:sessionId/stop',
    {
      config: { scope: 'sessions:write' },
      schema: {
        tags,
        operationId: 'stopSession',
        summary: 'Stop a session',
        description:
          'Records the stop; the workflow then builds and rates the CDR (poll GET /v1/sessions/{sessionId} ' +
          'until `status` is `rated`). Idempotent: the first stop wins, a retried or later one changes nothing.',
        params: SessionIdParams,
        body: StopBody,
        response: {
          202: { ...SessionAccepted, description: 'Stop recorded; the CDR follows.' },
          ...errorResponses(404, 422),
        },
      },
    },
    async (request, reply) => {
      const session = await requireSession(db, request.params.sessionId);
      const { samples = [], reason = 'Local', ...stop } = request.body;
      if (Date.parse(stop.timestamp) < Date.parse(session.startedAt)) {
        throw invalidField('timestamp', `is before the session's start ${session.startedAt}`);
      }
      await sessions.stopSession(session.id, { ...stop, reason }, samples);
      await auditWrite(db, request, 'session.stop', `session:${session.id}`, {
        ...stop,
        reason,
        samples: samples.length,
      });
      reply.code(202).header('Location', sessionPath(session.id));
      return {
        sessionId: session.id,
        message: 'stop recorded; poll GET /v1/sessions/{sessionId} for the CDR',
      };
    },
  );

  app.post(
    '/v1/sessions/:sessionId/remote-stop',
    {
      config: { scope: 'sessions:write' },
      schema: {
        tags,
        operationId: 'remoteStopSession',
        summary: 'Stop a session on behalf of an operator or app',
        description:
          'A session driven over HTTP stops at once, at its last reading; an OCPP charger is asked to stop ' +
          'and answers with its own stop. No body. Idempotent while the session runs; 409 once it has stopped.',
        params: SessionIdParams,
        response: {
          202: { ...SessionAccepted, description: 'Remote stop requested.' },
          ...errorResponses(404, 409),
        },
      },
    },
    async (request, reply) => {
      const session = await requireSession(db, request.params.sessionId);
      requireActive(session, 'there is nothing left to stop');
      await sessions.remoteStop(session.id, `api:${clientOf(request).id}`);
      await auditWrite(db, request, 'session.remote_stop', `session:${session.id}`);
      reply.code(202).header('Location', sessionPath(session.id));
      return { sessionId: session.id, message: 'remote stop requested; poll GET /v1/sessions/{sessionId}' };
    },
  );

  app.get(
    '/v1/sessions/:sessionId',
    {
      config: { scope: 'sessions:read' },
      schema: {
        tags,
        operationId: 'getSession',
        summary: 'A session, live while it runs',
        description:
          'While the session runs, `live` carries the workflow’s running totals (energy, cost so far). ' +
          'Readings are ingested asynchronously, so a reading just sent may take a moment to show. ' +
          'Once rated, `cdr` summarises the CDR (full OCPI CDR: GET /v1/cdrs/{id}).',
        params: SessionIdParams,
        response: { 200: refTo(SessionView, { description: 'The session.' }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const session = await requireSession(db, request.params.sessionId);
      if (session.status === 'active') {
        const live = await boundedLiveState(ctx, session.id);
        if (!live) request.log.warn({ sessionId: session.id }, 'live state unavailable');
        return sessionView(session, { live });
      }
      const cdr = session.status === 'rated' ? await getCdrForSession(db, session.id) : undefined;
      return sessionView(session, { cdr });
    },
  );

  app.get(
    '/v1/sessions',
    {
      config: { scope: 'sessions:read' },
      schema: {
        tags,
        operationId: 'listSessions',
        summary: 'List sessions',
        description:
          'Stored sessions, oldest start first. While more follow, a `Link: <…>; rel="next"` header ' +
          'points to the next page.',
        querystring: SessionListQuery,
        response: {
          200: Type.Array(refTo(SessionView), { description: 'A page of sessions.' }),
          ...errorResponses(422),
        },
      },
    },
    async (request, reply) => {
      const { limit, offset, ...filter } = request.query;
      const page = pageOf({ limit, offset });
      const rows = await listSessions(db, { ...filter, limit: page.limit + 1, offset: page.offset });
      const sessionsOnPage = rows.slice(0, page.limit);
      setPageHeaders(request, reply, page, sessionsOnPage.length, { hasMore: rows.length > page.limit });
      return sessionsOnPage.map((session) => sessionView(session));
    },
  );
}
