import { readFormsAnswers, type ParsedFormsResponse } from '../../audit/forms-response';
import { formsQuestionsOf, isGraded } from '../../audit/programme-profile';
import { loadProfile } from '../../audit/programme-profiles';
import { formsRowOf, syncForms } from '../../programme/sync-forms-workbook';
import { ingestFormsResponses, type FormsIngestItem, type IngestResult } from '../../programme/ingest-forms-response';
import { upsertCases } from '../../store/cases-repo';
import type { Db } from '../../store/db';
import { upsertPeople } from '../../store/people-repo';
import { insertUnmatched } from '../../store/responses-repo';
import { smallCouncil } from '../support/fixtures';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { startGraphHarness, type GraphHarness } from '../graph/graph-harness';
import { answerCells, FORMS_WORKBOOK, formsHeader, formsTable } from '../graph/forms-workbook';

const profile = loadProfile('southampton-qaf-2023');
const today = '2026-11-21';
const clock = { now: () => new Date(`${today}T10:00:00Z`) };
const { people, cases } = smallCouncil();
const auditors = people.filter((p) => p.roles.includes('team-manager')).map((p) => p.id);

/**
 * The small council with every case allocated in 2026-11 to the team manager of the next team, CD490120 also open
 * in 2026-10 to the same auditor (so a response for it is ambiguous), CD490200 exempted and CD491100 already
 * returned through Forms as response 0.
 */
async function seed(db: Db): Promise<void> {
  await upsertPeople(db, people, 'test');
  await upsertCases(db, cases, 'test');
  await db.exec(`INSERT INTO cycles (month, programme_id) VALUES ('2026-10', 'test'), ('2026-11', 'test')`);
  for (const [n, c] of cases.entries()) {
    await db.query(`INSERT INTO allocations (month, case_ref, auditor_id, kind, due_date) VALUES ('2026-11', $1, $2, 'audit', '2026-11-28')`, [c.caseRef, ownerOf(n)]);
  }
  await db.query(`INSERT INTO allocations (month, case_ref, auditor_id, kind, due_date) VALUES ('2026-10', 'CD490120', $1, 'audit', '2026-10-28')`, [ownerOf(2)]);
  await db.exec(`UPDATE allocations SET status = 'exempted', exemption_reason = 'case closed' WHERE case_ref = 'CD490200'`);
  await db.exec(`UPDATE allocations SET status = 'returned' WHERE case_ref = 'CD491100'`);
  await db.exec(`INSERT INTO responses (allocation_id, grade, rationale, discussion_held, contact, good_practice, improvement, safeguarding_concern, source, source_ref, submitted_by)
    SELECT id, 'Good', 'r', true, 'yes', 'g', 'i', false, 'forms', 'R-0', auditor_id FROM allocations WHERE case_ref = 'CD491100'`);
}

/** Case n (in smallCouncil order, four a team) is audited by the team manager of the next team. */
function ownerOf(n: number): string {
  return auditors[(Math.floor(n / 4) + 1) % auditors.length] as string;
}

const GRADES = ['Good', 'RI', 'Outstanding', 'Inadequate', 'Good', 'Requires Improvement'];

/**
 * A workbook that exercises every way a row can go: matches (some urgent), a second response for a case already
 * matched earlier in the same page, an ID read twice, bare numbers, an ambiguous case, an exempted one, one
 * recorded before, a stranger, another auditor's case, an unknown case and no case reference at all.
 */
function workbookRows(): (string | number)[][] {
  const rows: (string | number)[][] = [];
  let id = 1;
  const add = (email: string, ref: string, grade: string, safeguarding = 'No', responseId = id++): void => {
    rows.push(answerCells(responseId, email, ref, grade, safeguarding));
  };
  cases.forEach((c, n) => {
    if (n !== 13) add(`${ownerOf(n)}@council.example`, c.caseRef, GRADES[n % GRADES.length] as string, n % 7 === 5 ? 'Yes' : 'No');
  });
  add(`${ownerOf(1)}@council.example`, 'CD490110', 'Good'); // a second response for an allocation matched above
  add(`${ownerOf(0)}@council.example`, 'CD490100', 'Good', 'No', 1); // the first row's ID again
  add(`  ${ownerOf(13).toUpperCase()}@Council.Example `, '491210', 'Inadequate'); // CD491210 as a bare number
  add(`${ownerOf(9)}@council.example`, '491110', 'Good'); // bare number of a case matched above
  add('stranger@elsewhere.example', 'CD490100', 'Good');
  add(`${ownerOf(0)}@council.example`, 'CD491210', 'Good'); // another auditor's case
  add(`${ownerOf(0)}@council.example`, 'CD999999', 'Good');
  add(`${ownerOf(0)}@council.example`, 'not a ref', 'Good');
  add(`${ownerOf(8)}@council.example`, 'CD491100', 'Good', 'No', 0); // the response recorded before the sync
  return rows;
}

function parsedRows(rows: readonly unknown[]): ParsedFormsResponse[] {
  const q = formsQuestionsOf(profile);
  return rows.map((cells) => {
    const r = readFormsAnswers(formsRowOf(formsHeader(profile), cells as (string | number)[]), q, isGraded(profile));
    if (!r.ok) throw new Error(`fixture row cannot be read: ${JSON.stringify(r.problems)}`);
    return r.value;
  });
}

/** Everything a recorded page leaves in the store, by natural keys (no generated ids except the seeded allocations'). */
async function contents(db: Db): Promise<Record<string, unknown[]>> {
  return {
    responses: await db.query(`SELECT allocation_id, grade, rationale, discussion_held, contact, contact_views, good_practice, improvement,
      safeguarding_concern, source, source_ref, submitted_by FROM responses ORDER BY allocation_id`),
    allocations: await db.query(`SELECT id, case_ref, month, status, returned_at IS NOT NULL AS returned FROM allocations ORDER BY id`),
    partB: await db.query('SELECT allocation_id, team_manager_id, due_date::text FROM part_b ORDER BY allocation_id'),
    outbox: await db.query('SELECT key, channel, kind, recipient_id, payload, status FROM outbox ORDER BY key'),
    unmatched: await db.query('SELECT source, source_ref, responder_email, case_ref_given, reason, payload FROM unmatched_responses ORDER BY source_ref'),
    log: await db.query(`SELECT actor, action, entity, entity_id, detail FROM audit_log WHERE action LIKE 'response.%' OR action LIKE 'allocation.return'
      ORDER BY entity, entity_id, action, actor`),
  };
}

describe('recording a page of Forms responses set-wise', () => {
  let perRow: TestStore;
  let batch: TestStore;
  let h: GraphHarness | undefined;
  beforeAll(async () => {
    [perRow, batch] = await Promise.all([openTestStore(), openTestStore()]);
  });
  beforeEach(async () => {
    for (const s of [perRow, batch]) {
      await resetStore(s.db);
      await seed(s.db);
    }
  });
  afterEach(async () => {
    await h?.fake.close();
    h = undefined;
  });
  afterAll(async () => {
    await perRow.cleanup();
    await batch.cleanup();
  });

  /** Row by row: each row looked up, matched and recorded on its own, in order, seeing what the rows before it left. */
  async function oneByOne(db: Db, items: readonly FormsIngestItem[]): Promise<IngestResult[]> {
    return db.transaction(async (tx) => {
      const out: IngestResult[] = [];
      for (const item of items) {
        if (item.kind === 'response') out.push(...(await ingestFormsResponses(tx, profile, [item], 'forms', 'test', today)));
        else {
          await insertUnmatched(tx, item.unmatched, 'test');
          out.push({ outcome: 'unmatched', reason: item.unmatched.reason });
        }
      }
      return out;
    });
  }

  it('gives the same outcomes, responses, returns, Part B, outbox rows and unmatched rows as recording row by row', async () => {
    const items: FormsIngestItem[] = [
      ...parsedRows(workbookRows()).map((parsed): FormsIngestItem => ({ kind: 'response', parsed })),
      { kind: 'unmatched', unmatched: { source: 'forms', sourceRef: 'row:99', responderEmail: null, caseRefGiven: null, reason: 'unreadable workbook row: test', payload: { rowIndex: 99 } } },
    ];
    const expected = await oneByOne(perRow.db, items);
    const actual = await batch.db.transaction((tx) => ingestFormsResponses(tx, profile, items, 'forms', 'test', today));
    expect(actual).toEqual(expected);
    const want = await contents(perRow.db);
    expect(await contents(batch.db)).toEqual(want);

    // The fixture reaches every branch, so the comparison above means something.
    const reasons = expected.map((r) => r.reason ?? r.outcome).join('\n');
    for (const fragment of ['matched', 'already-recorded', 'was already returned', 'ambiguous', 'not a known person', 'no allocation of', 'is not a case reference', 'exempted']) {
      expect(reasons).toContain(fragment);
    }
    expect(want['outbox']?.map((m) => (m as { kind: string }).kind)).toEqual(expect.arrayContaining(['inadequate-alert', 'moderation-request', 'part-b-request']));
  });

  it('changes nothing when the same page is recorded twice', async () => {
    const items = parsedRows(workbookRows()).map((parsed): FormsIngestItem => ({ kind: 'response', parsed }));
    await batch.db.transaction((tx) => ingestFormsResponses(tx, profile, items, 'forms', 'test', today));
    const once = await contents(batch.db);
    const again = await batch.db.transaction((tx) => ingestFormsResponses(tx, profile, items, 'forms', 'test', today));
    expect(again.filter((r) => r.outcome === 'matched')).toEqual([]);
    expect(await contents(batch.db)).toEqual(once);
  });

  it('syncs a workbook page by page into the same store contents as recording each row on its own', async () => {
    const rows = workbookRows().filter((r, n, all) => all.findIndex((o) => (o as unknown[])[0] === (r as unknown[])[0]) === n);
    const parsed = parsedRows(rows);
    await oneByOne(perRow.db, parsed.map((p) => ({ kind: 'response', parsed: p })));
    h = await startGraphHarness({ fake: { tables: [formsTable(profile, rows)] } });
    const r = await syncForms(batch.db, profile, h.graph, { ...FORMS_WORKBOOK, chunkSize: 7 }, clock, 'test');
    expect(r).toMatchObject({ rowsRead: rows.length, complete: true });
    const want = await contents(perRow.db);
    const got = await contents(batch.db);
    expect(got['responses']).toEqual(want['responses']);
    expect(got['allocations']).toEqual(want['allocations']);
    expect(got['partB']).toEqual(want['partB']);
    expect(got['outbox']).toEqual(want['outbox']);
    expect(got['unmatched']).toEqual(want['unmatched']);
  });
});
