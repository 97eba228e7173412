import { PGlite, types } from '@electric-sql/pglite';
import { PgliteStatements } from '../../store/pglite-statements';
import { openPglite } from '../../store/pglite-db';

/**
 * The embedded store parses and describes each SQL text once and runs it again as a prepared statement of PGlite's
 * session (store/pglite-statements.ts). What callers get back must be what PGlite's own query() gives, errors included.
 */
describe("the embedded store's prepared statements", () => {
  let pg: PGlite;
  let statements: PgliteStatements;
  // The store's own parser for dates: civil dates stay 'YYYY-MM-DD' strings.
  const parsers = { [types.DATE]: (v: string) => v };
  const kept = async (): Promise<string[]> =>
    (await pg.query<{ statement: string }>("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'al\\_%' ORDER BY statement")).rows.map((r) => r.statement);

  beforeEach(async () => {
    pg = new PGlite({ parsers });
    await pg.exec(`
      CREATE TABLE people (id text PRIMARY KEY, roles text[] NOT NULL, active boolean NOT NULL);
      CREATE TABLE audits (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, person_id text NOT NULL REFERENCES people (id),
        due date NOT NULL, score numeric, detail jsonb, at timestamptz NOT NULL DEFAULT now(), big bigint);
      CREATE UNIQUE INDEX audits_person_due ON audits (person_id, due);`);
    statements = new PgliteStatements(pg, 4);
  });
  afterEach(async () => {
    await pg.close();
  });

  it('a statement run many times is parsed once: the session keeps it as one prepared statement', async () => {
    await statements.query('INSERT INTO people (id, roles, active) VALUES ($1, $2, $3)', ['p1', ['auditor'], true]);
    for (let i = 0; i < 5; i++) await statements.query('SELECT id FROM people WHERE id = $1', [`p${i}`]);
    expect(await kept()).toEqual(['INSERT INTO people (id, roles, active) VALUES ($1, $2, $3)', 'SELECT id FROM people WHERE id = $1']);
    expect(statements.size()).toBe(2);
  });

  it("gives back the rows, column names and value types PGlite's own query() gives, nulls and arrays included", async () => {
    await pg.query('INSERT INTO people (id, roles, active) VALUES ($1, $2, $3)', ['p1', ['auditor', 'qa'], false]);
    const insert = 'INSERT INTO audits (person_id, due, score, detail, big) VALUES ($1, $2, $3, $4, $5) RETURNING id, due, score, detail, big';
    // numeric comes back as its text, as PGlite's query() gives it (no parser for it: precision kept).
    const viaStatements = await statements.query(insert, ['p1', '2026-12-28', 2.5, { grade: 'Good', safeguarding: false }, 9_007_199_254_740_993n]);
    const viaQuery = (await pg.query(insert, ['p1', '2026-11-28', null, null, 7])).rows;
    expect(viaStatements).toEqual([{ id: 1, due: '2026-12-28', score: '2.5', detail: { grade: 'Good', safeguarding: false }, big: 9_007_199_254_740_993n }]);
    expect(viaQuery).toEqual([{ id: 2, due: '2026-11-28', score: null, detail: null, big: 7 }]);

    const select = `SELECT p.id, p.roles, p.active, a.due, a.at, a.score FROM people p JOIN audits a ON a.person_id = p.id
      WHERE a.id = ANY($1::int[]) AND p.roles && $2::text[] ORDER BY a.id`;
    const args = [[1, 2], ['qa']];
    const mine = await statements.query(select, args);
    expect(mine).toEqual((await pg.query(select, args)).rows);
    expect(mine[1]).toMatchObject({ roles: ['auditor', 'qa'], active: false, due: '2026-11-28' });
    expect((mine[0] as { at: unknown }).at).toBeInstanceOf(Date);
  });

  it("refuses what PostgreSQL refuses with its code and constraint, and a failed transaction keeps nothing", async () => {
    const db = await openPglite(null);
    try {
      await db.exec('CREATE TABLE refs (id text PRIMARY KEY)');
      await db.query('INSERT INTO refs (id) VALUES ($1)', ['CD100001']);
      await expect(db.query('INSERT INTO refs (id) VALUES ($1)', ['CD100001'])).rejects.toMatchObject({ code: '23505', constraint: 'refs_pkey' });
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO refs (id) VALUES ($1)', ['CD100002']);
          await tx.query('INSERT INTO refs (id) VALUES ($1)', ['CD100001']);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect(await db.query('SELECT id FROM refs ORDER BY id')).toEqual([{ id: 'CD100001' }]);
      // The session is usable again, and the same statements still run.
      await db.query('INSERT INTO refs (id) VALUES ($1)', ['CD100003']);
      expect(await db.query('SELECT count(*)::int AS n FROM refs')).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('a statement PostgreSQL cannot parse is refused with its message and is not kept', async () => {
    await expect(statements.query('SELEC id FROM people')).rejects.toMatchObject({ code: '42601', query: 'SELEC id FROM people' });
    expect(statements.size()).toBe(0);
    expect(await kept()).toEqual([]);
  });

  it("after DDL through the store's exec, a statement whose columns changed is described afresh", async () => {
    const db = await openPglite(null);
    try {
      await db.exec('CREATE TABLE notes (id int PRIMARY KEY)');
      await db.query('INSERT INTO notes (id) VALUES ($1)', [1]);
      expect(await db.query('SELECT * FROM notes')).toEqual([{ id: 1 }]);
      await db.exec("ALTER TABLE notes ADD COLUMN body text NOT NULL DEFAULT 'none'");
      expect(await db.query('SELECT * FROM notes')).toEqual([{ id: 1, body: 'none' }]);
    } finally {
      await db.close();
    }
  });

  it('runs a bulk statement (parameters over 8 KB) as PGlite would, unprepared, and keeps it only for its small calls', async () => {
    const insert = 'INSERT INTO people (id, roles, active) SELECT id, ARRAY[]::text[], true FROM unnest($1::text[]) AS id RETURNING id';
    const many = Array.from({ length: 2_000 }, (_, i) => `person-${i}`);
    expect(await statements.query(insert, [many])).toHaveLength(2_000);
    expect(statements.size()).toBe(0);
    expect(await statements.query(insert, [['one', 'two']])).toEqual([{ id: 'one' }, { id: 'two' }]);
    expect(await kept()).toEqual([insert]);
    // Kept now, but a bulk call of it still runs unprepared, with the same result.
    expect(await statements.query(insert, [many.map((id) => `${id}-again`)])).toHaveLength(2_000);
    expect(await statements.query('SELECT count(*)::int AS n FROM people')).toEqual([{ n: 4_002 }]);
  });

  it('keeps at most its capacity, closing the least recently used in the session as well', async () => {
    const texts = [1, 2, 3, 4, 5].map((n) => `SELECT ${n} AS n`);
    for (const sql of texts) await statements.query(sql);
    await statements.query(texts[1] as string); // used again: no longer the oldest
    await statements.query('SELECT 6 AS n');
    expect(statements.size()).toBe(4);
    expect(await kept()).toEqual(['SELECT 2 AS n', 'SELECT 4 AS n', 'SELECT 5 AS n', 'SELECT 6 AS n']);
    expect(await statements.query('SELECT 1 AS n')).toEqual([{ n: 1 }]);
  });
});
