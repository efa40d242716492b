// Chargers and their connectors: registration (with the basic-auth password), where they stand
// (OCPI cdr_location fields), and what they last told us (boot, heartbeat, connector status).
import type { Knex } from 'knex';
import type { CdrLocation } from '../../tariff/types';
import type { BootInfo } from '../../ocpp/backend';
import { hashPassword, verifyPassword } from '../secrets';
import {
  instant,
  isoOrNull,
  jsonRows,
  oneOf,
  optionalDecimal,
  requiredText,
  InvalidRecordError,
} from '../values';

export type OcppVersion = '1.6' | '2.0.1';

/** Where a charger stands: the location part of OCPI cdr_location. */
export interface ChargerLocation {
  /** OCPI Location.id */
  id: string;
  name?: string;
  address: string;
  city: string;
  postalCode?: string;
  state?: string;
  /** ISO 3166-1 alpha-3 */
  country: string;
  latitude: string;
  longitude: string;
}

export interface ConnectorInfo {
  /** OCPP connector id, 1-based. */
  connectorId: number;
  evseUid?: string;
  evseId?: string;
  /** OCPI Connector.id; defaults to the OCPP connector id. */
  ocpiConnectorId?: string;
  /** OCPI ConnectorType, e.g. IEC_62196_T2, IEC_62196_T2_COMBO. */
  standard?: string;
  format?: CdrLocation['connector_format'];
  powerType?: CdrLocation['connector_power_type'];
  maxPowerW?: string;
}

export interface ChargerRegistration {
  chargePointId: string;
  ocppVersion: OcppVersion;
  /** Basic-auth password (Security Profile 1); stored as an scrypt hash. */
  password?: string;
  /** IANA zone of the site; default UTC. */
  timeZone?: string;
  cpo?: { countryCode: string; partyId: string };
  location?: ChargerLocation;
  connectors?: ConnectorInfo[];
}

export interface ConnectorRecord extends ConnectorInfo {
  ocpiConnectorId: string;
  status: string | null;
  statusAt: string | null;
  errorCode: string | null;
  /** The tariffs offered at this connector (setConnectorTariffIds). */
  tariffIds: string[];
}

export interface ChargerRecord {
  chargePointId: string;
  ocppVersion: OcppVersion;
  hasPassword: boolean;
  timeZone: string;
  cpo: { countryCode: string; partyId: string } | null;
  location: ChargerLocation | null;
  vendor: string | null;
  model: string | null;
  serialNumber: string | null;
  firmwareVersion: string | null;
  lastBootAt: string | null;
  lastHeartbeatAt: string | null;
  connectors: ConnectorRecord[];
}

type Row = Record<string, unknown>;

const FOREIGN_KEY_VIOLATION = '23503';

function validZone(field: string, zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new InvalidRecordError(field, `unknown IANA time zone ${JSON.stringify(zone)}`);
  }
}

function locationColumns(location: ChargerLocation | undefined): Row {
  if (!location) return {};
  if (!/^[A-Z]{3}$/.test(location.country)) {
    throw new InvalidRecordError(
      'location.country',
      `expected ISO 3166-1 alpha-3, got ${JSON.stringify(location.country)}`,
    );
  }
  return {
    location_id: requiredText('location.id', location.id),
    location_name: location.name ?? null,
    address: requiredText('location.address', location.address),
    city: requiredText('location.city', location.city),
    postal_code: location.postalCode ?? null,
    state: location.state ?? null,
    country: location.country,
    latitude: requiredText('location.latitude', location.latitude),
    longitude: requiredText('location.longitude', location.longitude),
  };
}

function connectorRow(chargePointId: string, c: ConnectorInfo, field: string, min = 1): Row {
  if (!Number.isInteger(c.connectorId) || c.connectorId < min) {
    throw new InvalidRecordError(
      `${field}.connectorId`,
      `expected an integer ≥ ${min}, got ${c.connectorId}`,
    );
  }
  return {
    charge_point_id: chargePointId,
    connector_id: c.connectorId,
    evse_uid: c.evseUid ?? null,
    evse_id: c.evseId ?? null,
    ocpi_connector_id: c.ocpiConnectorId ?? String(c.connectorId),
    standard: c.standard ?? null,
    format: c.format ?? null,
    power_type: c.powerType ?? null,
    max_power_w: optionalDecimal(`${field}.maxPowerW`, c.maxPowerW),
  };
}

function toConnector(row: Row): ConnectorRecord {
  return {
    connectorId: row.connector_id as number,
    evseUid: (row.evse_uid as string | null) ?? undefined,
    evseId: (row.evse_id as string | null) ?? undefined,
    ocpiConnectorId: row.ocpi_connector_id as string,
    standard: (row.standard as string | null) ?? undefined,
    format: (row.format as ConnectorInfo['format'] | null) ?? undefined,
    powerType: (row.power_type as ConnectorInfo['powerType'] | null) ?? undefined,
    maxPowerW: (row.max_power_w as string | null) ?? undefined,
    status: row.status as string | null,
    statusAt: isoOrNull(row.status_at as Date | null),
    errorCode: row.error_code as string | null,
    tariffIds: (row.tariff_ids as string[] | null) ?? [],
  };
}

function toCharger(row: Row, connectors: Row[]): ChargerRecord {
  const opt = (key: string) => (row[key] as string | null) ?? undefined;
  return {
    chargePointId: row.charge_point_id as string,
    ocppVersion: row.ocpp_version as OcppVersion,
    hasPassword: row.password_hash !== null,
    timeZone: row.time_zone as string,
    cpo: row.cpo_country_code
      ? { countryCode: row.cpo_country_code as string, partyId: row.cpo_party_id as string }
      : null,
    location: row.location_id
      ? {
          id: row.location_id as string,
          name: opt('location_name'),
          address: row.address as string,
          city: row.city as string,
          postalCode: opt('postal_code'),
          state: opt('state'),
          country: row.country as string,
          latitude: row.latitude as string,
          longitude: row.longitude as string,
        }
      : null,
    vendor: row.vendor as string | null,
    model: row.model as string | null,
    serialNumber: row.serial_number as string | null,
    firmwareVersion: row.firmware_version as string | null,
    lastBootAt: isoOrNull(row.last_boot_at as Date | null),
    lastHeartbeatAt: isoOrNull(row.last_heartbeat_at as Date | null),
    connectors: connectors.map(toConnector),
  };
}

// The charger with its connectors in one statement (every session start and CDR reads it). Connector
// rows come as JSON: max_power_w as text to stay exact, status_at as an ISO instant with offset.
const CHARGER_WITH_CONNECTORS_SQL = `
select ch.*, coalesce((
    select jsonb_agg(to_jsonb(c) || jsonb_build_object('max_power_w', c.max_power_w::text)
                     order by c.connector_id)
    from connectors c where c.charge_point_id = ch.charge_point_id), '[]'::jsonb) as connector_rows
from chargers ch where ch.charge_point_id = ?`;

export async function getCharger(db: Knex, chargePointId: string): Promise<ChargerRecord | undefined> {
  const { rows } = (await db.raw(CHARGER_WITH_CONNECTORS_SQL, [chargePointId])) as { rows: Row[] };
  const row = rows[0];
  if (!row) return undefined;
  return toCharger(row, jsonRows(row.connector_rows));
}

/**
 * Creates or updates a charger and its listed connectors (others are left alone). Idempotent: the same
 * registration twice leaves one charger; a password that still matches keeps its stored hash.
 */
export async function registerCharger(db: Knex, reg: ChargerRegistration): Promise<ChargerRecord> {
  const chargePointId = requiredText('chargePointId', reg.chargePointId);
  const columns: Row = {
    charge_point_id: chargePointId,
    ocpp_version: oneOf('ocppVersion', reg.ocppVersion, ['1.6', '2.0.1'] as const),
    time_zone: validZone('timeZone', reg.timeZone ?? 'UTC'),
    ...locationColumns(reg.location),
    ...(reg.cpo ? { cpo_country_code: reg.cpo.countryCode, cpo_party_id: reg.cpo.partyId } : {}),
  };
  const connectorRows = (reg.connectors ?? []).map((c, i) =>
    connectorRow(chargePointId, c, `connectors[${i}]`),
  );

  await db.transaction(async (trx) => {
    const existing = await trx('chargers').where({ charge_point_id: chargePointId }).first('password_hash');
    if (reg.password !== undefined) {
      const unchanged = existing && (await verifyPassword(reg.password, existing.password_hash));
      columns.password_hash = unchanged ? existing.password_hash : await hashPassword(reg.password);
    }
    await trx('chargers')
      .insert(columns)
      .onConflict('charge_point_id')
      .merge({ ...columns, updated_at: trx.fn.now() });
    if (connectorRows.length) {
      await trx('connectors')
        .insert(connectorRows)
        .onConflict(['charge_point_id', 'connector_id'])
        .merge(Object.keys(connectorRows[0]).filter((k) => k !== 'charge_point_id' && k !== 'connector_id'));
    }
  });
  return (await getCharger(db, chargePointId))!;
}

/** False for unknown chargers, chargers without a password, and wrong passwords. */
export async function verifyChargerPassword(
  db: Knex,
  chargePointId: string,
  password: string,
): Promise<boolean> {
  const row = await db('chargers').where({ charge_point_id: chargePointId }).first('password_hash');
  return row ? verifyPassword(password, row.password_hash) : false;
}

async function touchCharger(db: Knex, chargePointId: string, columns: Row): Promise<void> {
  const updated = await db('chargers')
    .where({ charge_point_id: chargePointId })
    .update({ ...columns, updated_at: db.fn.now() });
  if (updated === 0)
    throw new InvalidRecordError('chargePointId', `unknown charger ${JSON.stringify(chargePointId)}`);
}

/** BootNotification: what the charger says it is. */
export async function recordBoot(db: Knex, chargePointId: string, info: BootInfo, at: string): Promise<void> {
  await touchCharger(db, chargePointId, {
    vendor: info.vendor,
    model: info.model,
    serial_number: info.serialNumber ?? null,
    firmware_version: info.firmwareVersion ?? null,
    last_boot_at: instant('at', at),
    last_heartbeat_at: instant('at', at),
  });
}

/** Heartbeat (or any message): the charger is alive. Never moves the time backwards. */
export async function recordHeartbeat(db: Knex, chargePointId: string, at: string): Promise<void> {
  await touchCharger(db, chargePointId, {
    last_heartbeat_at: db.raw('greatest(last_heartbeat_at, ?)', [instant('at', at)]),
  });
}

/**
 * StatusNotification for a connector (created if the charger reports one we did not list; connector 0
 * is the charge point as a whole, as in OCPP). A report older than the stored one is ignored:
 * notifications may arrive out of order.
 */
export async function updateConnectorStatus(
  db: Knex,
  chargePointId: string,
  connectorId: number,
  status: { state: string; at: string; errorCode?: string },
): Promise<void> {
  await connectorStatusUpsert(db, chargePointId, connectorId, status).catch(
    unknownChargerError(chargePointId),
  );
}

/** A connector row carrying a reported status (a connector first heard of this way gets one). */
export function connectorStatusRow(
  chargePointId: string,
  connectorId: number,
  status: { state: string; at: string; errorCode?: string },
): Row {
  return {
    ...connectorRow(chargePointId, { connectorId }, 'status', 0),
    status: status.state,
    status_at: instant('at', status.at),
    error_code: status.errorCode ?? null,
  };
}

/** SQL, in a connector upsert: an older report than the stored one changes nothing. */
export const NEWER_STATUS_WINS = 'connectors.status_at is null or connectors.status_at <= excluded.status_at';

/** The upsert of a connector's status (an older report than the stored one changes nothing), unrun. */
function connectorStatusUpsert(
  db: Knex,
  chargePointId: string,
  connectorId: number,
  status: { state: string; at: string; errorCode?: string },
): Knex.QueryBuilder {
  const row = connectorStatusRow(chargePointId, connectorId, status);
  return db('connectors')
    .insert(row)
    .onConflict(['charge_point_id', 'connector_id'])
    .merge(['status', 'status_at', 'error_code'])
    .where(db.raw(NEWER_STATUS_WINS));
}

/**
 * Turns the foreign key violation of a charger nobody registered into an error naming it (or, for a
 * statement about several chargers, naming them all: one of them is unknown).
 */
export function unknownChargerError(chargePointIds: string | readonly string[]) {
  const ids = typeof chargePointIds === 'string' ? [chargePointIds] : chargePointIds;
  const named = ids.map((id) => JSON.stringify(id)).join(', ');
  return (err: { code?: string }): never => {
    if (err.code === FOREIGN_KEY_VIOLATION) {
      throw new InvalidRecordError(
        'chargePointId',
        ids.length === 1 ? `unknown charger ${named}` : `unknown charger among ${named}`,
      );
    }
    throw err;
  };
}
