// Disputing a CDR of the exchange with a partner, by its id: ours we sent them (their driver's session
// at our charger) or theirs we received (our driver's at theirs). The party the CDR id belongs to is
// looked up, so an operator names only partner, direction and CDR. The dispute withholds the CDR from
// what is due on the next statements until a credit CDR resolves it (or it is withdrawn).
import type { Knex } from 'knex';
import { getCdr } from '../db/repos/cdrs';
import { getPartner } from '../db/repos/partners';
import { openDispute, type CdrDirection, type DisputeRecord } from '../db/repos/settlements';
import { InvalidRecordError } from '../db/values';

export interface DisputeRequest {
  partnerId: string;
  direction: CdrDirection;
  cdrId: string;
  reason: string;
}

async function partyOf(db: Knex, request: DisputeRequest): Promise<{ countryCode: string; partyId: string }> {
  if (request.direction === 'sent') {
    const cdr = await getCdr(db, request.cdrId);
    if (!cdr) throw new InvalidRecordError('cdrId', `no CDR ${JSON.stringify(request.cdrId)} of ours`);
    return { countryCode: cdr.countryCode, partyId: cdr.partyId };
  }
  const rows: Array<{ country_code: string; party_id: string }> = await db('roaming_cdrs')
    .where({ partner_id: request.partnerId, cdr_id: request.cdrId })
    .select('country_code', 'party_id');
  if (rows.length !== 1) {
    throw new InvalidRecordError(
      'cdrId',
      rows.length === 0
        ? `no CDR ${JSON.stringify(request.cdrId)} received from partner ${request.partnerId}`
        : `CDR id ${JSON.stringify(request.cdrId)} was received from several parties of partner ${request.partnerId}`,
    );
  }
  return { countryCode: rows[0].country_code, partyId: rows[0].party_id };
}

/** Opens the dispute (or returns the open one, `opened: false`). Errors name the unknown partner or CDR. */
export async function disputeCdr(
  db: Knex,
  request: DisputeRequest,
): Promise<{ dispute: DisputeRecord; opened: boolean }> {
  if (!(await getPartner(db, request.partnerId))) {
    throw new InvalidRecordError('partnerId', `no roaming partner ${JSON.stringify(request.partnerId)}`);
  }
  return openDispute(db, { ...request, ...(await partyOf(db, request)) });
}
