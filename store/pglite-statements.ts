/**
 * Prepared statements for the embedded store. PGlite's `query()` parses, describes and plans its SQL on every call, in
 * six calls into PostgreSQL's WebAssembly (Parse, Describe, Bind, Describe, Execute, Sync): about 330 µs of CPU for a
 * one-row `SELECT … FOR UPDATE`. Here each SQL text is parsed and described once, as a named statement of PGlite's one
 * session, and every later call is one Bind/Execute/Sync message (docs/performance.md, stop 27). A card submit runs
 * about nine such statements.
 *
 * Only small statements: a call whose parameters are larger than SMALL_PARAMS_BYTES (a Forms chunk's rows as JSON, a
 * page's worth of ids) goes through PGlite's `query()` as before, planned for its values. Its execution dwarfs the
 * parsing saved, and a bulk read kept as a named statement was switched by PostgreSQL to a generic plan after five
 * calls: matching a Forms chunk against 2,000 case references took 8× as long (docs/performance.md, stop 27). Small
 * statements follow PostgreSQL's own rule for prepared statements (`plan_cache_mode = auto`: custom plans for five
 * calls, then a generic one only where it costs no more). Forcing custom plans for the whole session was measured and
 * not taken: the setting also re-planned every foreign-key check PostgreSQL runs per inserted row, and the Forms
 * sync's response insert took 2.5× as long.
 *
 * A statement whose result columns change (DDL) cannot be re-used: `forget()` drops every one, and the store calls
 * it after each `exec` (migrations, DDL). The number kept is bounded (least recently used first out), so a caller
 * that builds SQL texts freely cannot grow the session without limit.
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

/**
 * A cheap estimate of the parameters' size as sent, before they are serialised: strings and JSON text by their length,
 * arrays by their elements, anything else as a number's worth (an object is checked again once serialised).
 */
function paramsBytes(params: readonly unknown[]): number {
  let n = 0;
  const add = (v: unknown): void => {
    if (typeof v === 'string') n += v.length;
    else if (Array.isArray(v)) for (const x of v) add(x);
    else n += 8;
  };
  for (const p of params) {
    add(p);
    if (n > SMALL_PARAMS_BYTES) break;
  }
  return n;
}

/** PostgreSQL's error, with the statement and its parameters attached, as PGlite's own `query()` reports it. */
function withQuery(error: unknown, sql: string, params: readonly unknown[]): unknown {
  if (error instanceof Error && 'severity' in error) Object.assign(error, { query: sql, params });
  return error;
}

export const DEFAULT_STATEMENT_CAPACITY = 256;

/** Parameters larger than this in all (as sent) make a bulk statement: run it unprepared. */
export const SMALL_PARAMS_BYTES = 8_192;

/** Where a bulk statement runs unprepared: the PGlite instance, or its transaction inside one. */
export type Unprepared = Pick<PGlite, 'query'>;

export class PgliteStatements {
  /** In least-recently-used order: a statement used again is moved to the end. */
  private readonly prepared = new Map<string, Prepared>();
  private next = 0;

  constructor(
    private readonly pg: PGlite,
    private readonly capacity = DEFAULT_STATEMENT_CAPACITY,
  ) {}

  /**
   * The rows of one statement, as `PGlite.query(sql, params)` returns them. `via` runs a bulk statement unprepared:
   * the PGlite instance, or inside a transaction its transaction object (`inTransaction`).
   */
  async query<T>(sql: string, params: readonly unknown[] = [], via: Unprepared = this.pg, inTransaction = false): Promise<T[]> {
    const unprepared = async (): Promise<T[]> => (await via.query<T>(sql, [...params])).rows;
    if (!this.prepared.has(sql) && paramsBytes(params) > SMALL_PARAMS_BYTES) return unprepared();
    const rows = await this.pg.runExclusive(async () => {
      const statement = this.prepared.get(sql) ?? (await this.prepare(sql, params, inTransaction));
      const values = params.map((p, i) => this.serialise(p, statement.paramTypes[i]));
      // As sent: a bulk call of a statement kept for its small calls, or an object parameter the estimate undercounted.
      if (values.reduce((n, v) => n + (v?.length ?? 0), 0) > SMALL_PARAMS_BYTES) return null;
      this.prepared.delete(sql);
      this.prepared.set(sql, statement);
      let messages: Message[];
      try {
        ({ messages } = await this.pg.execProtocol(concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]), { syncToFs: !inTransaction }));
      } catch (error) {
        throw withQuery(error, sql, params);
      }
      return this.rows<T>(messages, statement.fields);
    });
    return rows ?? unprepared();
  }

  /** Statements currently kept (for tests and metrics). */
  size(): number {
    return this.prepared.size;
  }

  /** Drops every statement kept, in PGlite's session too: after DDL, a kept statement may describe columns that changed. */
  async forget(): Promise<void> {
    if (this.prepared.size === 0) return;
    this.prepared.clear();
    await this.pg.runExclusive(() => this.pg.execProtocol(serialize.query('DEALLOCATE ALL'), { syncToFs: false }));
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

