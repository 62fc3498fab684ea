import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { literalField } from './validation/literal-field';

/**
 * The error codes agency systems switch on (contract.graphql, "Error codes").
 * This is the one place that names them; everything else throws a DomainError with one of these.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  PLOT_IN_DIRECTORY: 'PLOT_IN_DIRECTORY',
  INVESTIGATION_NOT_COMPLETED: 'INVESTIGATION_NOT_COMPLETED',
  TARGETS_NOT_MET: 'TARGETS_NOT_MET',
  RESTRICTED_USE: 'RESTRICTED_USE',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A retry (same Idempotency-Key) of a write that committed but whose answer was lost (src/limits/idempotency.ts). */
  ALREADY_APPLIED: 'ALREADY_APPLIED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A refusal the client can act on: its message and extensions reach the client as they are. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

/** BAD_USER_INPUT naming the offending input field (extensions.field), e.g. "input.creditCode". */
export const badInput = (field: string, message: string) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field });
export const notFound = (what: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = (what: string) => new DomainError(ErrorCode.FORBIDDEN, `not allowed: ${what}`);
export const unauthenticated = (why: string) => new DomainError(ErrorCode.UNAUTHENTICATED, why);
export const conflict = (what: string, expected: number, actual: number) =>
  new DomainError(ErrorCode.CONFLICT, `${what} was changed by someone else (expected version ${expected}, now ${actual})`, {
    expectedVersion: expected,
    currentVersion: actual,
  });

/** Codes that graphql-js or Apollo produce themselves for a malformed request; they are safe to show. */
const PASS_THROUGH = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

/** Unexpected errors are logged with their stack here, and replaced by a bare INTERNAL_SERVER_ERROR for the client. */
export type ErrorLogger = (err: unknown) => void;

/**
 * Apollo's formatError: the one place errors leave the server. Domain errors and graphql-js
 * validation errors go out as they are; anything else (driver errors, SQL, bugs) is masked.
 */
export function formatError(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrap(error);
    if (original instanceof DomainError) {
      // `http` is the status Apollo should answer with, not something to show the client.
      const { http: _status, ...extensions } = original.extensions;
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions };
    }
    const code = formatted.extensions?.code as string | undefined;
    // Query limits (src/limits/query-limits.ts) arrive as validation errors carrying the limit they broke.
    if (formatted.extensions?.limit) {
      const { limit, max, actual } = formatted.extensions as Record<string, unknown>;
      return { message: formatted.message, locations: formatted.locations, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, max, actual } };
    }
    const tokens = /Document contains more th(?:an|at) (\d+) tokens/.exec(formatted.message);
    if (tokens) return { message: `query too complex: maxTokens is ${tokens[1]}`, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'maxTokens', max: Number(tokens[1]) } };
    // A retry whose key another attempt committed: its answer is the key's (src/http.ts), this one is not sent.
    if ((original as { idempotencyKeyTaken?: boolean })?.idempotencyKeyTaken) {
      return { message: (original as Error).message, path: formatted.path, extensions: { code: ErrorCode.CONFLICT } };
    }
    if (isDbDown(original)) {
      log(original);
      return { message: 'the database is unavailable; retry later', path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    // A value the schema's types refuse (a Date that is no calendar day, a negative Decimal, an unknown enum
    // value), inline or in variables: the client's input is wrong, so BAD_USER_INPUT naming the field.
    const input = inputProblem(formatted.message);
    if (input && (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED')) {
      const field = input.field ?? literalField(error);
      return { message: formatted.message, locations: formatted.locations, extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) } };
    }
    if (code && PASS_THROUGH.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    if (code === 'BAD_USER_INPUT') {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    log(original);
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/**
 * graphql-js's messages for values of the wrong type. Variables: `Variable "$i" got invalid value … at "i.listedOn"`
 * (field: the path inside the variable, else the variable). Inline: `Expected value of type "Date", found …`
 * (graphql-js does not say which argument: formatError finds it from the value's location, literalField).
 */
function inputProblem(message: string): { field?: string } | null {
  const v = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?;/s.exec(message);
  if (v) return { field: v[2] ? v[2].replace(/^\w+\./, `${v[1]}.`) : v[1] };
  if (/^Variable "\$\w+" of (required|non-null) type/.test(message)) return { field: /^Variable "\$(\w+)"/.exec(message)![1] };
  if (/^Expected value of type "[^"]+", found /.test(message) || /^Enum "\w+" cannot represent/.test(message)) return {};
  // A literal a built-in scalar refuses, e.g. `year: 99999999999` (Int is 32-bit).
  if (/^(Int|Float|String|Boolean|ID) cannot represent /.test(message)) return {};
  return null;
}

/** Node's socket errors and PostgreSQL's SQLSTATEs that mean the server is gone, stopping, starting or full. */
const DB_DOWN_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006',
]);
const DB_DOWN_MESSAGE = new RegExp([
  'Connection terminated', 'connect ECONNREFUSED', 'timeout exceeded when trying to connect', 'Client has encountered a connection error',
  'terminating connection', 'the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)',
  'server closed the connection unexpectedly', 'Connection ended unexpectedly', 'Client was closed and is not queryable',
  'Timeout acquiring a connection',
  // knex's answer to the next statement of a request's transaction whose connection was lost under it
  'Transaction query already complete',
].join('|'), 'i');

/**
 * Connection-level failures of PostgreSQL: the service is unavailable for a while, not broken. Answered
 * HTTP 503 SERVICE_UNAVAILABLE wherever they surface (the request's catch, or a resolver: src/http.ts).
 * Looks through the wrappers (MikroORM's DriverException, GraphQL's originalError, `cause`).
 */
export function isDbDown(e: unknown): boolean {
  for (let x = e as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown } | undefined, depth = 0; x && typeof x === 'object' && depth < 5; depth++) {
    if (typeof x.code === 'string' && DB_DOWN_CODES.has(x.code)) return true;
    if (DB_DOWN_MESSAGE.test(String(x.message ?? ''))) return true;
    x = (x.cause ?? x.originalError) as typeof x;
  }
  return false;
}

function unwrap(error: unknown): unknown {
  let e = error as { originalError?: unknown } | undefined;
  while (e && typeof e === 'object' && e.originalError && e.originalError !== e) {
    if (e instanceof DomainError) return e;
    e = e.originalError as { originalError?: unknown };
  }
  return e;
}
