// The versions module: our OCPI versions and the 2.2.1 endpoints of the roles we hold. Open to every
// known credentials token, including CREDENTIALS_TOKEN_A (a partner starting registration).
import type { FastifyInstance } from 'fastify';
import type { OcpiContext } from '../credentials';
import { ocpiResponse } from '../envelope';
import { ocpiPaths, ocpiUrls, ourEndpoints } from '../identity';
import { OCPI_VERSION, type Version, type VersionDetails } from '../types';
import { authenticate } from './authenticate';

export function versionsRoutes(app: FastifyInstance, ctx: OcpiContext): void {
  const paths = ocpiPaths(ctx.identity);
  const urls = ocpiUrls(ctx.identity);
  app.get(paths.versions, async (request) => {
    await authenticate(ctx.db, request, 'configuration');
    return ocpiResponse<Version[]>([{ version: OCPI_VERSION, url: urls.details }]);
  });
  app.get(paths.details, async (request) => {
    await authenticate(ctx.db, request, 'configuration');
    return ocpiResponse<VersionDetails>({ version: OCPI_VERSION, endpoints: ourEndpoints(ctx.identity) });
  });
}
