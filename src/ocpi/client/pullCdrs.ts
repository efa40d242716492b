// eMSP side: GET every CDR of a period from the partner CPO's cdrs sender interface, following the
// Link rel="next" pages (OCPI pagination). Used to reconcile what we received with what they hold.
import { getPartner } from '../../db/repos/partners';
import type { Cdr } from '../../tariff/types';
import type { OcpiContext } from '../credentials';
import { partiesWithRole } from '../identity';
import { nextPageUrl } from '../pagination';
import { endpointUrl } from './discoverEndpoints';
import { OcpiCallError, ocpiFetch, successData } from './ocpiFetch';

/** Refuses to crawl past this many pages: a peer whose Link never ends must not hang a settlement. */
const MAX_PAGES = 10_000;

export async function pullCdrs(
  ctx: OcpiContext,
  partnerId: string,
  period: { dateFrom?: string; dateTo?: string } = {},
): Promise<Cdr[]> {
  const partner = await getPartner(ctx.db, partnerId);
  const base = partner && endpointUrl(partner.endpoints, 'cdrs', 'SENDER');
  if (!partner?.outgoingToken || partner.status !== 'registered' || !base) {
    throw new OcpiCallError(
      `partner ${partnerId}`,
      undefined,
      undefined,
      'not registered, or has no cdrs sender endpoint',
    );
  }
  const first = new URL(base);
  if (period.dateFrom) first.searchParams.set('date_from', period.dateFrom);
  if (period.dateTo) first.searchParams.set('date_to', period.dateTo);
  const us = partiesWithRole(ctx.identity, 'EMSP')[0];
  const them = partner.roles.find((r) => r.role === 'CPO');
  const routing = us && them ? { from: us, to: them } : undefined;
  const cdrs: Cdr[] = [];
  let url: string | undefined = first.toString();
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const answer = await ocpiFetch<Cdr[]>({
      method: 'GET',
      url,
      token: partner.outgoingToken,
      routing,
      timeoutMs: ctx.timeoutMs,
    });
    const data = successData(answer, `GET ${url}`);
    if (!Array.isArray(data))
      throw new OcpiCallError(`GET ${url}`, answer.httpStatus, undefined, 'data is not a list');
    cdrs.push(...data);
    url = nextPageUrl(answer.headers.get('link'));
  }
  if (url) throw new OcpiCallError(`GET ${base}`, undefined, undefined, `more than ${MAX_PAGES} pages`);
  return cdrs;
}
