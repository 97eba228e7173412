import { loadProfile } from '../../audit/programme-profiles';
import { buildHeadlinesCard } from '../../cards';
import { runCli } from '../../cli/main';
import { openStore } from '../../store/open-store';
import { changeInWords, headlinesView } from '../../report/headlines-view';
import { reportForPeriod } from '../../report/report-for-period';
import { tempDir } from '../support/fixtures';
import { seedSmallCouncil } from '../support/seed-council';
import { validateCard } from '../support/card-checks';
import { onServer } from '../support/test-store';
import { seedSpring2026 } from './report-seed';
import { Client } from 'pg';

const month = (completionRate: number | null, before: number | null) =>
  ({ periodKind: 'month' as const, completionRate, previous: before === null ? null : ({ completionRate: before } as never) });

describe('the headlines view of a report', () => {
  it('says "similar to last month" within two points either way', () => {
    expect(changeInWords(month(0.5, 0.52))).toBe('similar to last month');
    expect(changeInWords(month(0.82, 0.8))).toBe('similar to last month');
  });

  it('says how many points down or up beyond two points', () => {
    expect(changeInWords(month(0.74, 0.8))).toBe('6 points down on last month');
    expect(changeInWords(month(0.84, 0.8))).toBe('4 points up on last month');
  });

  it('says there is nothing to compare when last month had no audits', () => {
    expect(changeInWords(month(0.9, null))).toBe('no figures for last month to compare');
  });
});

/** One store for the CLI: a data dir on PGlite, or a schema of its own on the server (as test/cli does). */
async function cliStore(): Promise<{ env: Record<string, string>; done: () => Promise<void> }> {
  const server = process.env['DATABASE_URL'] ?? '';
  const dataDir = tempDir();
  if (!onServer()) return { env: { DATABASE_URL: '', AUDIT_LOOP_DATA_DIR: dataDir }, done: async () => undefined };
  const schema = `rep_${process.pid}_${Date.now()}`;
  const c = new Client({ connectionString: server });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const url = `${server}${server.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    env: { DATABASE_URL: url, AUDIT_LOOP_DATA_DIR: dataDir },
    done: async () => {
      const d = new Client({ connectionString: server });
      await d.connect();
      await d.query(`DROP SCHEMA ${schema} CASCADE`);
      await d.end();
    },
  };
}

describe('the report in the CLI and on the headlines card', () => {
  it('prints one JSON document and markdown, and the card shows the month from the same figures', async () => {
    const s = await cliStore();
    try {
      const db = await openStore({ databaseUrl: s.env['DATABASE_URL'], dataDir: s.env['AUDIT_LOOP_DATA_DIR'] as string });
      await db.transaction((tx) => seedSmallCouncil(tx));
      await seedSpring2026(db);
      const report = await reportForPeriod(db, loadProfile('southampton-qaf-2023'), '2026-03');
      await db.close();

      const view = headlinesView(report);
      expect(view).toMatchObject({ month: '2026-03', completionRate: 0.8, completed: 4, allocated: 5, changeOnLastMonth: '30 points up on last month' });
      expect(view.gradeCounts).toEqual([{ grade: 'Outstanding', count: 1 }, { grade: 'Good', count: 1 }, { grade: 'Requires Improvement', count: 0 }, { grade: 'Inadequate', count: 2 }]);
      expect(view.serviceAreas[2]).toEqual({ serviceArea: 'Jigsaw', allocated: 2, completed: 1, completionRate: 0.5, inadequate: 1 });
      expect(view.topThemes).toContain('To improve: supervision (2 audits)');
      const card = buildHeadlinesCard(view);
      expect(validateCard(card)).toEqual([]);
      expect(JSON.stringify(card)).toContain('4 of 5 audits completed');

      const saved = { ...process.env };
      Object.assign(process.env, s.env, { AUDIT_LOOP_PROGRAMME: 'southampton-qaf-2023' });
      const run = async (...args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), now: () => new Date('2026-04-09T09:00:00Z') });
        return { code, out: out.join('\n'), err: err.join('\n') };
      };
      try {
        const json = await run('report', '--month', '2026-03', '--format', 'json');
        expect(json.code).toBe(0);
        expect(JSON.parse(json.out)).toEqual(JSON.parse(JSON.stringify(report)));
        const md = await run('report', '--month', '2026-03', '--format', 'md');
        expect(md.out).toContain('## Moderation');
        const quarter = await run('report', '--quarter', '2026-Q1');
        expect(JSON.parse(quarter.out)).toMatchObject({ period: '2026-Q1', completed: 6 });
        expect((await run('report', '--month', '2026-3')).code).toBe(2);
        expect((await run('report', '--month', '2026-03', '--year', '2026')).code).toBe(2);
      } finally {
        process.env = saved;
      }
    } finally {
      await s.done();
    }
  }, 180_000);
});

