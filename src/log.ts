import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs (pino). Tokens, phone numbers and request bodies are never logged. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'soilshare' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.authorization', '*.token', '*.contactPhone'], censor: '[redacted]' },
  });
}

/**
 * An unexpected error as it may be logged: driver messages quote the statement's values (which can hold
 * a phone number or a token hash), so quoted literals and long digit runs are masked.
 */
export function safeError(e: unknown): { name: string; code?: string; message: string; stack?: string } {
  const err = e as { name?: string; code?: string; message?: string; stack?: string };
  const mask = (s?: string) => s?.replace(/'(?:[^']|'')*'/g, "'?'").replace(/\b\d{7,}\b/g, '#').replace(/ss_[A-Za-z0-9_-]{20,}/g, 'ss_[redacted]');
  return { name: err?.name ?? 'Error', code: err?.code, message: mask(err?.message) ?? String(e), stack: mask(err?.stack) };
}
