import { loadProfile } from '../../audit/programme-profiles';
import { buildHeadlinesCard } from '../../cards';
import { runCli } from '../../cli/main';
import { openStore } from '../../store/open-store';
import { changeInWords, headlinesView, qualityLoopLines } from '../../report/headlines-view';
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

describe('the quality loop on the headlines card', () => {
  const quiet = {
    moderation: { moderated: 0, sampleRate: null, changed: 0, changeRate: null, downgraded: 0, upgraded: 0 },
    moderationMoves: [],
    openInadequate: { cases: [], byStanding: [] },
    partBCompliance: { raised: 0, completed: 0, completedOnTime: 0, overdue: 0, rate: null, byServiceArea: [] },
    kindCompliance: [{ kind: 'audit', allocated: 10, returned: 8, rate: 0.8 }],
  };

  it('says nothing of a loop with nothing in it', () => {
    expect(qualityLoopLines(quiet)).toEqual([]);
  });

  it('gives moderation changes, open Inadequate cases by standing, Part B on time and each other kind, one line each', () => {
    expect(qualityLoopLines({
      moderation: { moderated: 8, sampleRate: 0.3, changed: 2, changeRate: 0.25, downgraded: 1, upgraded: 1 },
      moderationMoves: [{ from: 'Good', to: 'Inadequate', count: 1 }, { from: 'Requires Improvement', to: 'Good', count: 1 }],
      openInadequate: {
        cases: [{ caseRef: 'CD490010', month: '2026-09', serviceArea: 'CRS', standing: 'awaiting 3-day update' }, { caseRef: 'CD490020', month: '2026-09', serviceArea: 'CRS', standing: 'follow-up recorded' }],
        byStanding: [{ standing: 'awaiting moderation', count: 0 }, { standing: 'awaiting 3-day update', count: 1 }, { standing: 'follow-up recorded', count: 1 }],
      },
      partBCompliance: { raised: 9, completed: 8, completedOnTime: 7, overdue: 1, rate: 7 / 9, byServiceArea: [] },
      kindCompliance: [...quiet.kindCompliance, { kind: 'case-reflection', allocated: 5, returned: 4, rate: 0.8 }],
    })).toEqual([
      'Moderation changed 2 of 8 judgements moderated, 25% (most often Good → Inadequate, 1)',
      'Open Inadequate cases: 2 (1 awaiting 3-day update, 1 follow-up recorded)',
      'Part B completed on time: 7 of 9, 78%; 1 overdue',
      'Case reflection sheets: 4 of 5 returned, 80%',
    ]);
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

