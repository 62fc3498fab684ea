import crypto from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from '../auth/principal';
import { SCOPE_SETTING, scopeSetting } from './scope';

/**
 * One read statement under a request's row scope, in ONE round trip to PostgreSQL: the compiled reads'
 * primitive (a GraphQL operation answered by one SQL statement that builds the response's JSON).
 *
 * Sent as one pipeline of the extended protocol, ended by a single Sync:
 *   [Parse "soilshare_scope"] Bind Execute   select set_config('soilshare.scope', $1, true)   (`plan`: and plan_cache_mode)
 *   [Parse <name>]            Bind Execute   <text> with <values>
 *   Sync
 * PostgreSQL runs everything before a Sync in one implicit transaction, in order, and commits it (or rolls
 * it back on an error) at the Sync: the transaction-local setting is in force for the read, and is gone
 * when the round trip ends, whether the read succeeded or failed. The connection is a request connection
 * (SCOPED_ROLE, row-level security): the read sees only the principal's rows even if its SQL forgot a
 * clause, and nothing is left on the connection for the next user of the pool.
 *
 * Both statements are named prepared statements, parsed once per connection (Parse is sent only the first
 * time a connection sees a name): no statement is planned from text again. PostgreSQL chooses per execution
 * between a custom plan and the statement's generic plan (plan_cache_mode).
 *
 * Called inside a request transaction (ctx.em in a transaction, e.g. under inRequestScope), the pipeline
 * runs on that transaction's connection, where the setting is already the same; no Sync commits there
 * (a Sync inside a transaction block does not end it).
 */
export interface ScopedStatement {
  /** SQL with $1, $2… placeholders (cast them where the type is not evident: `$1::int`, `$2::text[]`). */
  text: string;
  values?: readonly unknown[];
  /**
   * The prepared statement's name on each connection (at most 63 bytes). Default: derived from the text,
   * so one text is one statement. Two different texts must never share a name.
   */
  name?: string;
  /**
   * Which plan PostgreSQL runs the statement on (plan_cache_mode for this execution, see PLAN_MODE_STATEMENTS):
   * 'custom' planned for these values, 'generic' the statement's one generic plan; unset: PostgreSQL's choice.
   */
  plan?: 'custom' | 'generic';
}

export interface ReadContext {
  principal: Pick<Principal, 'scope'>;
  /** The request's ORM (scoped role, or a replica's for read-only requests; the owner's for the platform). */
  orm: MikroORM;
  /** The request's EntityManager: when it is inside a transaction the read runs on that transaction's connection. */
  em?: EntityManager;
}

/** The statement's name for a text when the caller gives none. */
export const statementName = (text: string) => `ss_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 40)}`;

// pg's own conversion of JavaScript values to parameters (dates, arrays, buffers, JSON), as its Query uses.
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };

const SCOPE_STATEMENT = { name: 'soilshare_scope', text: `select set_config('${SCOPE_SETTING}', $1, true)` };

/**
 * The same, and the plan PostgreSQL is to use (`plan`). By itself PostgreSQL plans a named statement for its
 * values five times, then switches to the generic plan if that plan's estimate looks no worse — an estimate
 * blind to the parameters, which for a keyset page (page size, cursor, a county list as parameter) can keep
 * the wrong one. The caller, who knows the statement's shape, says which (src/compiler/run.ts and the
 * measurements there). Transaction-local like the scope: gone at the Sync.
 */
const planModeStatement = (mode: 'custom' | 'generic') => ({
  name: `soilshare_scope_${mode}_plan`,
  text: `select set_config('${SCOPE_SETTING}', $1, true), set_config('plan_cache_mode', 'force_${mode}_plan', true)`,
});
const PLAN_MODE_STATEMENTS = { custom: planModeStatement('custom'), generic: planModeStatement('generic') };

/**
 * Runs `statement` under the principal's scope in one round trip and returns the first column of its only
 * row as PostgreSQL sent it (text: for a json/jsonb/text column the JSON as it is, never parsed), or null
 * when the statement returns no row or a NULL. Throws PostgreSQL's error (pg's DatabaseError) if either
 * statement fails; the implicit transaction is then rolled back and the connection is clean.
 */
export async function requestRead(ctx: ReadContext, statement: ScopedStatement): Promise<string | null> {
  const name = statement.name ?? statementName(statement.text);
  if (Buffer.byteLength(name) > 63) throw new Error(`prepared statement name longer than 63 bytes: ${name}`);
  const trx = ctx.em?.getTransactionContext<any>();
  const knex = (trx ?? ctx.orm.em.getKnex()) as any;
  const conn = await knex.client.acquireConnection();
  const setting = scopeSetting(ctx.principal.scope);
  const scopeStatement = statement.plan ? PLAN_MODE_STATEMENTS[statement.plan] : SCOPE_STATEMENT;
  const values = [...(statement.values ?? [])];
  // For statement counting (tests, the bench): both statements, the setting marked as riding in the same round trip.
  const root = ctx.orm.em.getKnex() as unknown as NodeJS.EventEmitter;
  root.emit('query', { sql: scopeStatement.text, bindings: [setting], pipelined: true });
  root.emit('query', { sql: statement.text, bindings: values, pipelinedWith: scopeStatement.text });
  try {
    return await new Promise<string | null>((resolve, reject) => {
      conn.query(new ScopedPipeline([
        { ...scopeStatement, values: [setting] },
        { name, text: statement.text, values },
      ], (err, value) => (err ? reject(err) : resolve(value))));
    });
  } finally {
    knex.client.releaseConnection(conn);
  }
}

interface Step { name: string; text: string; values: unknown[] }

/**
 * The most statements requestRead keeps prepared on one connection. Every distinct compiled document is a
 * statement, and PostgreSQL keeps each one's parse tree (and plan) in the backend's memory until the
 * connection ends: without a bound a client sending ever new documents grows every pooled backend.
 */
export const MAX_PREPARED_PER_CONNECTION = 256;

/** requestRead's statements on each pg connection, least recently used first. */
const preparedOn = new WeakMap<object, Set<string>>();

/**
 * Marks this pipeline's statements as just used and closes the least recently used beyond the bound, at the
 * head of the same pipeline (a Close of a statement is answered by CloseComplete, which pg ignores;
 * PostgreSQL runs it in order, so a later Parse of the same name finds it gone).
 */
function forgetOldest(connection: any, steps: readonly Step[]) {
  let names = preparedOn.get(connection);
  if (!names) preparedOn.set(connection, (names = new Set()));
  for (const s of steps) {
    names.delete(s.name);
    names.add(s.name);
  }
  while (names.size > MAX_PREPARED_PER_CONNECTION) {
    const oldest = names.values().next().value!;
    names.delete(oldest);
    delete connection.parsedStatements[oldest];
    connection.close({ type: 'S', name: oldest });
  }
}

/**
 * A pg "submittable" (client.query accepts any object with submit()): writes the whole pipeline at once and
 * collects the last statement's first field. pg routes the backend's messages for the active query here.
 */
class ScopedPipeline {
  private completed = 0;
  private value: string | null = null;
  private failed = false;
  private parsing: Step[] = [];
  private connection: any;
  private readonly onParsed = () => {
    const step = this.parsing.shift();
    if (step) this.connection.parsedStatements[step.name] = step.text;
  };

  constructor(private readonly steps: Step[], private readonly callback: (err: Error | null, value: string | null) => void) {}

  submit(connection: any): Error | null {
    this.connection = connection;
    // pg's Query#submit refuses a name reused for another text; so do we (a name derived from the text never is).
    for (const s of this.steps) {
      const known = connection.parsedStatements[s.name];
      if (known !== undefined && known !== s.text) return new Error(`prepared statement "${s.name}" was used for a different statement`);
    }
    // pg's client records a parsed statement only for its own query's name: ours are recorded here, as each
    // ParseComplete arrives (in the order the Parses were sent), so a failed Parse is never taken as done.
    connection.on('parseComplete', this.onParsed);
    connection.stream.cork?.();
    try {
      forgetOldest(connection, this.steps);
      for (const s of this.steps) {
        if (connection.parsedStatements[s.name] === undefined) {
          connection.parse({ name: s.name, text: s.text, types: [] });
          this.parsing.push(s);
        }
        connection.bind({ portal: '', statement: s.name, values: s.values, valueMapper: prepareValue });
        connection.execute({ portal: '', rows: 0 });
      }
      connection.sync();
    } catch (e) {
      // A value pg cannot serialise: nothing usable was written before the Sync; end the pipeline cleanly.
      connection.sync();
      this.fail(e as Error);
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  // Without a Describe, rows come without a RowDescription: fields arrive as text, which is what is wanted.
  handleRowDescription() {}

  handleDataRow(msg: { fields: (string | null)[] }) {
    if (this.completed === this.steps.length - 1 && this.value === null) this.value = msg.fields[0] ?? null;
  }

  handleCommandComplete() {
    this.completed++;
  }

  handleEmptyQuery() {
    this.completed++;
  }

  handlePortalSuspended() {}

  handleError(err: Error) {
    this.fail(err);
  }

  handleReadyForQuery() {
    this.connection?.removeListener('parseComplete', this.onParsed);
    if (!this.failed) this.callback(null, this.value);
  }

  handleCopyInResponse(connection: any) {
    connection.sendCopyFail('No source stream defined');
  }

  handleCopyData() {}

  private fail(err: Error) {
    if (this.failed) return;
    this.failed = true;
    // pg drops the active query on an error; the ReadyForQuery after the Sync comes with none: stop listening now.
    this.connection?.removeListener('parseComplete', this.onParsed);
    this.callback(err, null);
  }
}
