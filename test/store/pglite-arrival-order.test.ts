import { ArrivalOrderGate, openPglite } from '../../store/pglite-db';
import type { Db } from '../../store/db';

/**
 * The embedded store serves queries, execs and transactions in the order they were asked for (issue #18: under load
 * some requests waited seconds while later ones went through). Order is asserted, never timing.
 */
describe('the embedded store runs work in arrival order', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite(null);
    await db.exec('CREATE TABLE arrivals (seq serial PRIMARY KEY, label text NOT NULL)');
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.exec('TRUNCATE arrivals RESTART IDENTITY');
  });

  const labels = async (): Promise<string[]> => (await db.query<{ label: string }>('SELECT label FROM arrivals ORDER BY seq')).map((r) => r.label);

  it('interleaved queries, execs and transactions write in the order they were started', async () => {
    const insert = (label: string): Promise<unknown> => db.query('INSERT INTO arrivals (label) VALUES ($1)', [label]);
    const started = [
      insert('q1'),
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO arrivals (label) VALUES ($1)', ['t1a']);
        // A transaction that awaits between its statements keeps its turn: nothing started later slips in.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await tx.query('INSERT INTO arrivals (label) VALUES ($1)', ['t1b']);
      }),
      insert('q2'),
      db.exec("INSERT INTO arrivals (label) VALUES ('e1')"),
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO arrivals (label) VALUES ($1)', ['t2']);
      }),
      insert('q3'),
    ];
    await Promise.all(started);
    expect(await labels()).toEqual(['q1', 't1a', 't1b', 'q2', 'e1', 't2', 'q3']);
  });

  it('work started while a request is between two of its statements queues behind work already waiting', async () => {
    const order: string[] = [];
    const request = async (name: string, steps: number): Promise<void> => {
      for (let i = 0; i < steps; i += 1) {
        await db.query('INSERT INTO arrivals (label) VALUES ($1)', [`${name}${i}`]);
        order.push(`${name}${i}`);
      }
    };
    // a and b each run three statements back to back; c arrives once a's first statement has been answered.
    const a = request('a', 3);
    const b = request('b', 3);
    const c = (async () => {
      while (!order.includes('a0')) await new Promise<void>((resolve) => setImmediate(resolve));
      await request('c', 1);
    })();
    await Promise.all([a, b, c]);
    const rows = await labels();
    // Round robin between a and b, and c after whatever was queued before it, not after both finish.
    expect(rows.indexOf('a1')).toBeLessThan(rows.indexOf('b2'));
    expect(rows.indexOf('b0')).toBeLessThan(rows.indexOf('a1'));
    expect(rows.indexOf('c0')).toBeLessThan(rows.indexOf('a2'));
  });

  it('a failed turn does not hold up the turns behind it', async () => {
    const failing = db.transaction(async (tx) => {
      await tx.query('INSERT INTO arrivals (label) VALUES ($1)', ['rolled back']);
      throw new Error('no');
    });
    const after = db.query('INSERT INTO arrivals (label) VALUES ($1)', ['after']);
    await expect(failing).rejects.toThrow('no');
    await after;
    expect(await labels()).toEqual(['after']);
  });

  it('the gate runs turns one at a time, in order, whatever each turn awaits', async () => {
    const gate = new ArrivalOrderGate();
    const log: string[] = [];
    let inside = 0;
    const turn = (name: string, ticks: number) => async (): Promise<string> => {
      inside += 1;
      log.push(`${name} start (${inside} inside)`);
      for (let i = 0; i < ticks; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
      inside -= 1;
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([gate.run(turn('x', 3)), gate.run(turn('y', 0)), gate.run(turn('z', 1))]);
    expect(results).toEqual(['x', 'y', 'z']);
    expect(log).toEqual(['x start (1 inside)', 'x end', 'y start (1 inside)', 'y end', 'z start (1 inside)', 'z end']);
  });
});
