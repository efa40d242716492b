// /v1/chargers: registering chargers (OCPP basic-auth password, time zone, location) and their
// connectors with the tariffs they offer.
import type { Knex } from 'knex';
import { getCharger, getTariff, registerCharger, type ChargerRecord } from '../../db';
import { connectorTariffIds, setConnectorTariffIds } from '../../db/repos/sessionIngest';
import { invalidField, notFound } from '../apiError';
import type { ApiApp, ApiContext } from '../apiContext';
import { auditWrite } from '../audit';
import { refTo } from '../schemas/components';
import { errorResponses } from '../schemas/errors';
import { ChargePointIdParams, ChargerView, PutChargerBody } from '../schemas/chargers';

/** Every tariff a connector offers must exist, or its sessions could not be priced. */
async function requireKnownTariffs(db: Knex, body: PutChargerBody): Promise<void> {
  for (const [i, connector] of (body.connectors ?? []).entries()) {
    for (const [j, tariffId] of (connector.tariffIds ?? []).entries()) {
      if (!(await getTariff(db, tariffId))) {
        throw invalidField(
          `connectors[${i}].tariffIds[${j}]`,
          `no tariff ${JSON.stringify(tariffId)} (PUT /v1/tariffs/{id} first)`,
        );
      }
    }
  }
}

/** The stored charger with each connector's tariffs; never its password hash. */
async function chargerView(db: Knex, charger: ChargerRecord) {
  const connectors = await Promise.all(
    charger.connectors.map(async (connector) => ({
      ...connector,
      tariffIds: await connectorTariffIds(db, charger.chargePointId, connector.connectorId),
    })),
  );
  return { ...charger, connectors };
}

export function chargerRoutes(app: ApiApp, { db }: ApiContext): void {
  const tags = ['chargers'];

  app.put(
    '/v1/chargers/:chargePointId',
    {
      config: { scope: 'chargers:write' },
      schema: {
        tags,
        operationId: 'putCharger',
        summary: 'Register or update a charger',
        description:
          'Creates the charger or updates it; listed connectors are created or updated, others left alone. ' +
          'Idempotent. The password (OCPP basic auth) is stored as a salted hash and never returned. ' +
          '201 when the charger is new, 200 otherwise.',
        params: ChargePointIdParams,
        body: PutChargerBody,
        response: {
          200: refTo(ChargerView, { description: 'Updated.' }),
          201: refTo(ChargerView, { description: 'Registered.' }),
          ...errorResponses(422),
        },
      },
    },
    async (request, reply) => {
      const { chargePointId } = request.params;
      const { connectors = [], ...charger } = request.body;
      await requireKnownTariffs(db, request.body);
      const existed = (await getCharger(db, chargePointId)) !== undefined;
      const stored = await db.transaction(async (trx) => {
        const registered = await registerCharger(trx, {
          ...charger,
          chargePointId,
          connectors: connectors.map(({ tariffIds: _tariffs, ...connector }) => connector),
        });
        for (const { connectorId, tariffIds } of connectors) {
          if (tariffIds) await setConnectorTariffIds(trx, chargePointId, tariffIds, connectorId);
        }
        return chargerView(trx, registered);
      });
      await auditWrite(db, request, 'charger.put', `charger:${chargePointId}`, {
        ocppVersion: charger.ocppVersion,
        passwordSet: charger.password !== undefined,
        connectors: connectors.map((c) => c.connectorId),
        created: !existed,
      });
      return reply.code(existed ? 200 : 201).send(stored);
    },
  );

  app.get(
    '/v1/chargers/:chargePointId',
    {
      config: { scope: 'chargers:read' },
      schema: {
        tags,
        operationId: 'getCharger',
        summary: 'A charger and its connectors',
        params: ChargePointIdParams,
        response: { 200: refTo(ChargerView, { description: 'The charger.' }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const charger = await getCharger(db, request.params.chargePointId);
      if (!charger) throw notFound(`no charger ${JSON.stringify(request.params.chargePointId)}`);
      return chargerView(db, charger);
    },
  );
}
