// The cdrs module in both roles.
// CPO (Sender): GET {cpo cdrs}: our CDRs of the caller's drivers, paginated, for eMSPs who pull.
// eMSP (Receiver): POST {emsp cdrs}: a partner CPO's CDR, validated strictly, stored once (a resend
// answers success again; other content under the same id is refused), re-rated with our retail
// tariff, answered with the Location of the stored CDR; GET {emsp cdrs}/{record id} reads it back.
import type { FastifyInstance } from 'fastify';
import {
  countOwnCdrsFor,
  getReceivedCdr,
  listOwnCdrsFor,
  type ReceivedCdrRecord,
} from '../../db/repos/roamingCdrs';
import { receivePartnerCdr } from '../../roaming/receiveCdr';
import type { RetailOptions } from '../../roaming/retailRating';
import { ocpiCdr } from '../cdrView';
import type { OcpiContext } from '../credentials';
import { invalidParameters, notFound, ocpiResponse } from '../envelope';
import { hasRole, ocpiPaths, ocpiUrls, partiesWithRole } from '../identity';
import { pageHeaders, pageRequest } from '../pagination';
import { parseReceivedCdr } from '../validation/cdrValidation';
import { authenticate } from './authenticate';
import { checkRouting } from './routingHeaders';

export interface CdrRoutesOptions extends OcpiContext {
  pageLimit: number;
  retail?: RetailOptions;
  onCdrReceived?: (record: ReceivedCdrRecord) => void | Promise<void>;
}

export function cdrsRoutes(app: FastifyInstance, options: CdrRoutesOptions): void {
  const { db, identity, pageLimit } = options;
  const paths = ocpiPaths(identity);
  const urls = ocpiUrls(identity);

  if (hasRole(identity, 'CPO')) {
    app.get(paths.cpoCdrs, async (request, reply) => {
      const { partner } = await authenticate(db, request, 'functional');
      checkRouting(request, partner, identity.parties, 'CPO');
      const page = pageRequest(request.query as Record<string, unknown>, pageLimit);
      const filter = {
        owners: partiesWithRole(identity, 'CPO'),
        tokenIssuers: partner.roles.filter((role) => role.role === 'EMSP'),
        from: page.dateFrom,
        to: page.dateTo,
      };
      const [cdrs, total] = await Promise.all([
        listOwnCdrsFor(db, { ...filter, limit: page.limit, offset: page.offset }),
        countOwnCdrsFor(db, filter),
      ]);
      reply.headers(pageHeaders(urls.cpoCdrs, page, total, pageLimit, cdrs.length));
      return ocpiResponse(cdrs.map(ocpiCdr));
    });
  }

  if (hasRole(identity, 'EMSP')) {
    const ourEmspParties = partiesWithRole(identity, 'EMSP');

    app.post(paths.emspCdrs, async (request, reply) => {
      const { partner } = await authenticate(db, request, 'functional');
      checkRouting(request, partner, identity.parties, 'EMSP');
      const cdr = parseReceivedCdr(request.body);
      const result = await receivePartnerCdr(db, partner, cdr, { ourEmspParties, retail: options.retail });
      if (result.outcome === 'refused') throw invalidParameters(result.message);
      if (result.outcome === 'conflict') {
        throw invalidParameters(
          `cdr.id: CDR ${cdr.id} of ${cdr.country_code}-${cdr.party_id} was received before with other content; a CDR cannot change (send a credit CDR)`,
        );
      }
      reply.code(result.outcome === 'inserted' ? 201 : 200);
      reply.header('Location', `${urls.emspCdrs}/${result.record.recordId}`);
      if (result.outcome === 'inserted' && options.onCdrReceived) {
        // The CDR is stored in state `received` either way; a failing hook must not make the CPO resend.
        try {
          await options.onCdrReceived(result.record);
        } catch (err) {
          request.log.error({ err, recordId: result.record.recordId }, 'onCdrReceived failed');
        }
      }
      return ocpiResponse(undefined);
    });

    app.get<{ Params: { recordId: string } }>(`${paths.emspCdrs}/:recordId`, async (request) => {
      const { partner } = await authenticate(db, request, 'functional');
      checkRouting(request, partner, identity.parties, 'EMSP');
      const { recordId } = request.params;
      const record = /^[0-9a-f-]{36}$/.test(recordId) ? await getReceivedCdr(db, recordId) : undefined;
      if (!record || record.partnerId !== partner.id) throw notFound(`no CDR ${recordId} received from you`);
      return ocpiResponse(record.cdr);
    });
  }
}
