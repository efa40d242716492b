// The OCPI 2.2.1 HTTP interface as one Fastify plugin. Register it without a prefix: route paths come
// from `identity.baseUrl`, the public URL partners are given, so the URLs we advertise and the routes
// we serve cannot drift apart.
//
//   await app.register(ocpiRoutes, { db, identity, onCdrReceived });
//
// Every answer is an OCPI envelope with X-Request-ID / X-Correlation-ID echoed. Transport errors get
// HTTP codes (malformed JSON 400, unknown token 401, oversized body 413, wrong media type 415);
// requests that reach the OCPI layer get HTTP 200 with an OCPI status code, as status_codes requires.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ReceivedCdrRecord } from '../../db/repos/roamingCdrs';
import type { RetailOptions } from '../../roaming/retailRating';
import type { OcpiContext } from '../credentials';
import { OcpiError, ocpiResponse } from '../envelope';
import { OcpiStatus } from '../statusCodes';
import { cdrsRoutes } from './cdrsRoutes';
import { credentialsRoutes } from './credentialsRoutes';
import { echoMessageHeaders } from './routingHeaders';
import { tariffsRoutes } from './tariffsRoutes';
import { tokensRoutes } from './tokensRoutes';
import { versionsRoutes } from './versionsRoutes';

export interface OcpiRoutesOptions extends OcpiContext {
  /**
   * Called once per newly received partner CDR, after it is stored in state `received`. A failure is
   * logged; the CDR stays `received` for invoicing to find (listReceivedCdrs({ state: 'received' })).
   */
  onCdrReceived?: (record: ReceivedCdrRecord) => void | Promise<void>;
  /** Retail re-rating of received CDRs: default tariff, time zones. */
  retail?: RetailOptions;
  /** Largest request body in bytes; default 1 MiB. */
  bodyLimit?: number;
  /** Most objects per page (X-Limit); default 100. */
  pageLimit?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_PAGE_LIMIT = 100;

class MalformedJson extends Error {
  readonly statusCode = 400;
}

function errorAnswer(
  error: FastifyError | OcpiError,
  bodyLimit: number,
): { http: number; code: number; message: string } {
  if (error instanceof OcpiError)
    return { http: error.httpStatus, code: error.statusCode, message: error.message };
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      http: 413,
      code: OcpiStatus.CLIENT_ERROR,
      message: `request body larger than ${bodyLimit} bytes`,
    };
  }
  const http = error.statusCode ?? 500;
  if (http >= 400 && http < 500) return { http, code: OcpiStatus.CLIENT_ERROR, message: error.message };
  return { http: 500, code: OcpiStatus.SERVER_ERROR, message: 'internal error' };
}

export async function ocpiRoutes(app: FastifyInstance, options: OcpiRoutesOptions): Promise<void> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const pageLimit = options.pageLimit ?? DEFAULT_PAGE_LIMIT;

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(new MalformedJson(`malformed JSON: ${(err as Error).message}`), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => echoMessageHeaders(request, reply));

  app.setErrorHandler((error: FastifyError | OcpiError, request, reply) => {
    const answer = errorAnswer(error, bodyLimit);
    if (answer.http >= 500) request.log.error({ err: error }, 'OCPI request failed');
    return reply.code(answer.http).send(ocpiResponse(undefined, answer.code, answer.message));
  });

  const ctx: OcpiContext = { db: options.db, identity: options.identity, timeoutMs: options.timeoutMs };
  versionsRoutes(app, ctx);
  credentialsRoutes(app, ctx);
  cdrsRoutes(app, { ...ctx, pageLimit, retail: options.retail, onCdrReceived: options.onCdrReceived });
  tariffsRoutes(app, { ...ctx, pageLimit });
  tokensRoutes(app, ctx);
}
