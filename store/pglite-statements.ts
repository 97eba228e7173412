/**
 * Prepared statements for the embedded store. PGlite's `query()` parses, describes and plans its SQL on every call, in
 * six calls into PostgreSQL's WebAssembly (Parse, Describe, Bind, Describe, Execute, Sync): about 330 µs of CPU for a
 * one-row `SELECT … FOR UPDATE`, of which running the statement is a fraction. Here each SQL text is parsed and
 * described once, as a named statement of PGlite's one session, and every later call is one Bind/Execute/Sync
 * message: about 60 µs for the same statement (docs/performance.md, stop 27). A card submit runs about nine
 * statements, so this is most of what the embedded store cost per request beyond the work itself.
 *
 * Plans follow PostgreSQL's own rule for prepared statements (`plan_cache_mode = auto`): custom plans for the first
 * five runs, then a generic plan only where it costs no more than the custom ones did; a statement whose tables change
 * is re-planned by PostgreSQL. A statement whose result columns change (DDL) cannot be re-used: `forget()` drops
 * every one, and the store calls it after each `exec` (migrations, DDL). The number kept is bounded (least recently
 * used first out), so a caller that builds SQL texts freely cannot grow the session without limit.
 */
import { protocol, type PGlite } from '@electric-sql/pglite';

type Message = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number];
type Field = { name: string; dataTypeID: number };

interface Prepared {
  name: string;
  paramTypes: readonly number[];
  /** The statement's result columns; empty for one that returns no rows. */
  fields: readonly Field[];
}

const { serialize } = protocol;
const { DataRowMessage, ParameterDescriptionMessage, RowDescriptionMessage } = protocol.messages;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** PostgreSQL's error, with the statement and its parameters attached, as PGlite's own `query()` reports it. */
function withQuery(error: unknown, sql: string, params: readonly unknown[]): unknown {
  if (error instanceof Error && 'severity' in error) Object.assign(error, { query: sql, params });
  return error;
}

export const DEFAULT_STATEMENT_CAPACITY = 256;

export class PgliteStatements {
  /** In least-recently-used order: a statement used again is moved to the end. */
  private readonly prepared = new Map<string, Prepared>();
  private next = 0;

  constructor(
    private readonly pg: PGlite,
    private readonly capacity = DEFAULT_STATEMENT_CAPACITY,
  ) {}

  /** The rows of one statement, as `PGlite.query(sql, params)` returns them. Inside a transaction, pass `inTransaction`. */
  async query<T>(sql: string, params: readonly unknown[] = [], inTransaction = false): Promise<T[]> {
    return this.pg.runExclusive(async () => {
      const statement = this.prepared.get(sql) ?? (await this.prepare(sql, params, inTransaction));
      this.prepared.delete(sql);
      this.prepared.set(sql, statement);
      const values = params.map((p, i) => this.serialise(p, statement.paramTypes[i]));
      let messages: Message[];
      try {
        ({ messages } = await this.pg.execProtocol(concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]), { syncToFs: !inTransaction }));
      } catch (error) {
        throw withQuery(error, sql, params);
      }
      return this.rows<T>(messages, statement.fields);
    });
  }

  /** Statements currently kept (for tests and metrics). */
  size(): number {
    return this.prepared.size;
  }

  /** Drops every statement kept, in PGlite's session too: after DDL, a kept statement may describe columns that changed. */
  async forget(): Promise<void> {
    if (this.prepared.size === 0) return;
    this.prepared.clear();
    await this.pg.runExclusive(() => this.pg.execProtocol(concat([serialize.query('DEALLOCATE ALL')]), { syncToFs: false }));
  }

  private async prepare(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<Prepared> {
    const name = `al_${(this.next++).toString(36)}`;
    let messages: Message[];
    try {
      ({ messages } = await this.pg.execProtocol(
        concat([serialize.parse({ name, text: sql, types: [] }), serialize.describe({ type: 'S', name }), serialize.sync()]),
        { syncToFs: !inTransaction },
      ));
    } catch (error) {
      throw withQuery(error, sql, params);
    }
    let paramTypes: readonly number[] = [];
    let fields: readonly Field[] = [];
    for (const m of messages) {
      if (m instanceof ParameterDescriptionMessage) paramTypes = m.dataTypeIDs;
      else if (m instanceof RowDescriptionMessage) fields = m.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    }
    const statement: Prepared = { name, paramTypes, fields };
    if (this.prepared.size >= this.capacity) await this.evictOldest(inTransaction);
    this.prepared.set(sql, statement);
    return statement;
  }

  private async evictOldest(inTransaction: boolean): Promise<void> {
    const oldest = this.prepared.entries().next();
    if (oldest.done === true) return;
    const [sql, statement] = oldest.value;
    this.prepared.delete(sql);
    await this.pg.execProtocol(concat([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]), { syncToFs: !inTransaction });
  }

  /** As PGlite's `query()` sends a parameter: its type's serializer, or its text. */
  private serialise(value: unknown, type: number | undefined): string | null {
    if (value === null || value === undefined) return null;
    const serializer = type === undefined ? undefined : this.pg.serializers[type];
    return serializer !== undefined ? (serializer(value) as string) : String(value);
  }

  /** DataRow messages into objects keyed by column, each value through the parser for its type, as PGlite's `query()` does. */
  private rows<T>(messages: readonly Message[], fields: readonly Field[]): T[] {
    const parsers = this.pg.parsers;
    const columnParsers = fields.map((f) => parsers[f.dataTypeID]);
    const rows: T[] = [];
    for (const m of messages) {
      if (!(m instanceof DataRowMessage)) continue;
      const values = m.fields;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const raw = values[i] ?? null;
        const parse = columnParsers[i];
        row[(fields[i] as Field).name] = raw === null ? null : parse === undefined ? raw : parse(raw, (fields[i] as Field).dataTypeID);
      }
      rows.push(row as T);
    }
    return rows;
  }
}

