// CPO (Sender) tariffs module: GET {cpo tariffs}: the tariffs the caller may see, paginated by
// last_updated (date_from inclusive, date_to exclusive).
import type { FastifyInstance } from 'fastify';
import { tariffsVisibleTo } from '../../roaming/tariffVisibility';
import { parseInstant } from '../../tariff/time/instant';
import type { OcpiContext } from '../credentials';
import { ocpiResponse } from '../envelope';
import { hasRole, ocpiPaths, ocpiUrls, partiesWithRole } from '../identity';
import { pageHeaders, pageRequest } from '../pagination';
import { authenticate } from './authenticate';
import { checkRouting } from './routingHeaders';

export function tariffsRoutes(app: FastifyInstance, options: OcpiContext & { pageLimit: number }): void {
  const { db, identity, pageLimit } = options;
  if (!hasRole(identity, 'CPO')) return;
  app.get(ocpiPaths(identity).cpoTariffs, async (request, reply) => {
    const { partner } = await authenticate(db, request, 'functional');
    checkRouting(request, partner, identity.parties, 'CPO');
    const page = pageRequest(request.query as Record<string, unknown>, pageLimit);
    const from = page.dateFrom ? Date.parse(page.dateFrom) : -Infinity;
    const to = page.dateTo ? Date.parse(page.dateTo) : Infinity;
    const matching = (await tariffsVisibleTo(db, partner.id, partiesWithRole(identity, 'CPO'))).filter(
      (tariff) => {
        const updated = parseInstant(tariff.last_updated)!;
        return updated >= from && updated < to;
      },
    );
    const tariffs = matching.slice(page.offset, page.offset + page.limit);
    reply.headers(
      pageHeaders(ocpiUrls(identity).cpoTariffs, page, matching.length, pageLimit, tariffs.length),
    );
    return ocpiResponse(tariffs);
  });
}
