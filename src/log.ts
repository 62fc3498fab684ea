import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs (pino), one line each, to standard output or to `dest` (a file path; its folder is
 * made). Tokens, phone numbers and request bodies are never logged.
 */
export function createLogger(level: string, dest: number | string = 1): Logger {
  return pino(
    {
      level,
      base: { service: 'soilshare' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', '*.authorization', '*.token', '*.contactPhone'], censor: '[redacted]' },
    },
    new TurnBatchedLines(dest),
  );
}

/**
 * The destinations still alive, flushed by one exit listener: held weakly, so that an app made and stopped
 * (the tests make hundreds) leaves neither a listener nor its buffer behind.
 */
const live = new Set<WeakRef<TurnBatchedLines>>();
const dead = new FinalizationRegistry<WeakRef<TurnBatchedLines>>((ref) => live.delete(ref));
let exitListener = false;
function flushAtExit(d: TurnBatchedLines) {
  const ref = new WeakRef(d);
  live.add(ref);
  dead.register(d, ref);
  if (!exitListener) {
    exitListener = true;
    process.once('exit', () => { for (const r of live) r.deref()?.flushSync(); });
  }
}

/**
 * A pino destination that writes the lines logged during one turn of the event loop together, with one
 * write(2) when the turn's I/O callbacks are done (setImmediate), instead of one write per line.
 *
 * Why: every request logs a line, and on a busy server a write per line was measured at 0.1-0.2 ms of the
 * process's CPU per request (the system call, and for an asynchronous destination a thread-pool hand-off
 * with its context switches) — a tenth of what node spends on a compiled read. Under load one turn of the
 * loop often finishes several requests; their lines go out in one write, in order and whole, and no line
 * waits for a timer: it is written before the process sleeps again.
 *
 * Underneath is pino's own synchronous destination (SonicBoom, sync), which deals with partial writes and a
 * full pipe (EAGAIN) as pino's default does. What is gathered is written at process exit too. A crash that
 * kills the process without an exit event (SIGKILL, OOM) loses at most the lines of the turn it happened in.
 */
export class TurnBatchedLines {
  /**
   * Each write holds at most this many bytes, cut at line ends (a longer line goes alone, as pino writes it).
   * The cluster's workers share one standard output: on a pipe, a write of at most PIPE_BUF (4,096 bytes on
   * Linux) is never interleaved with another process's, so lines stay whole as they did when each line was
   * a write of its own.
   */
  private static readonly WRITE_AT_MOST = 4096;
  /** Past this many full writes waiting, they go out at once rather than at the turn's end. */
  private static readonly WAITING_AT_MOST = 16;
  private readonly out: ReturnType<typeof pino.destination>;
  private full: string[] = [];
  private current = '';
  private currentBytes = 0;
  private scheduled = false;
  private readonly flushNow = () => {
    this.scheduled = false;
    this.flushSync();
  };

  constructor(dest: number | string) {
    this.out = pino.destination({ dest, sync: true, mkdir: typeof dest === 'string' });
    flushAtExit(this);
  }

  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.current && this.currentBytes + bytes > TurnBatchedLines.WRITE_AT_MOST) {
      this.full.push(this.current);
      this.current = '';
      this.currentBytes = 0;
    }
    this.current += line;
    this.currentBytes += bytes;
    if (this.full.length >= TurnBatchedLines.WAITING_AT_MOST) this.flushSync();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushNow);
    }
    return true;
  }

  /** Writes what is gathered now (pino's logger.flush() calls this). */
  flush(cb?: (err?: Error) => void): void {
    this.flushSync();
    cb?.();
  }

  flushSync(): void {
    const writes = this.current ? [...this.full, this.current] : this.full;
    this.full = [];
    this.current = '';
    this.currentBytes = 0;
    for (const w of writes) this.out.write(w);
  }
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
