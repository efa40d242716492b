// Every failure leaves the API in the documented error shape, whoever raised it: our handlers, the
// request validator, Fastify itself (bad JSON, wrong content type, unknown route) or the layers below
// (database field checks, the tariff parser, the session edge). No stack trace ever leaves the process.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidRecordError } from '../db';
import { SessionNotFoundError } from '../lifecycle/sessionService';
import { InputError } from '../tariff';
import { ApiError, ERROR_STATUS, type ApiErrorCode } from './apiError';
import type { ValidationIssue } from './validation';

const CODE_OF_STATUS = new Map<number, ApiErrorCode>(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ApiErrorCode]),
);

const PART_LABEL: Record<string, string> = {
  body: 'body',
  query: 'query parameter',
  path: 'path parameter',
  header: 'header',
};

function fromValidation(issues: ValidationIssue[]): ApiError {
  const [first] = issues;
  const where = first.path === '$' ? PART_LABEL[first.in] : `${PART_LABEL[first.in]} ${first.path}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s), see details)` : '';
  return new ApiError(
    'validation_failed',
    `${where}: ${first.message}${more}`,
    issues.map((issue) => ({ in: issue.in, path: issue.path, message: issue.message })),
  );
}

function fromTariffInput(error: InputError): ApiError {
  return new ApiError(
    'validation_failed',
    `body ${error.issue.path}: ${error.issue.message}`,
    error.allIssues.map((issue) => ({
      in: 'body',
      path: issue.path,
      message: issue.message,
      code: issue.code,
      severity: issue.severity,
    })),
  );
}

/** The ApiError an error stands for; undefined for a failure of ours (a 500). */
export function asApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown };
  if (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0) {
    return fromValidation(fastifyError.validation as unknown as ValidationIssue[]);
  }
  if (error instanceof InvalidRecordError) {
    return new ApiError('validation_failed', error.message, [{ path: error.field, message: error.message }]);
  }
  if (error instanceof InputError) return fromTariffInput(error);
  if (error instanceof SessionNotFoundError) return new ApiError('not_found', error.message);
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return new ApiError(
      CODE_OF_STATUS.get(status) ?? 'malformed_request',
      fastifyError.message ?? 'bad request',
    );
  }
  return undefined;
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = asApiError(error);
    if (apiError) {
      request.log.info({ code: apiError.code, message: apiError.message }, 'request rejected');
      return reply.code(apiError.statusCode).send(apiError.body);
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send(
        new ApiError(
          'internal_error',
          `internal error; the operator can find it in the log by request id ${request.id}`,
        ).body,
      );
  });

  app.setNotFoundHandler((request, reply) => {
    const error = new ApiError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(404).send(error.body);
  });
}
