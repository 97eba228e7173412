/**
 * QA's `report` in personal chat: the month's Word document and workbook offered by Teams' file consent flow, and
 * uploaded, on accept, to the upload session Teams gives (a local HTTP server stands in for QA's OneDrive).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { FILE_CONSENT_TYPE, FILE_INFO_TYPE } from '../../bot/report-files';
import type { Db } from '../../store/db';
import { zipNames } from '../support/office-files';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { AAD, BotDriver, botDeps, cardOf, cardText, seed } from './bot-harness';

interface Received { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }

/** An upload session endpoint: records each request and answers with `status`. */
async function uploadServer(): Promise<{ url: string; received: Received[]; status: { code: number }; close: () => Promise<void> }> {
  const received: Received[] = [];
  const status = { code: 201 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(status.code, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, status, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const personal = (aad: string): Partial<Activity> => ({
  channelId: 'msteams',
  serviceUrl: 'https://smba.example.test/uk/',
  from: { id: `29:${aad}`, name: 'User', aadObjectId: aad },
  recipient: { id: '28:bot', name: 'Audit Loop' },
  conversation: { id: `a:personal-${aad}`, conversationType: 'personal', isGroup: false, name: '', tenantId: 'tenant-1' },
  channelData: { tenant: { id: 'tenant-1' } },
});

let store: TestStore;
let db: Db;
let bot: BotDriver;
let uploads: Awaited<ReturnType<typeof uploadServer>>;

beforeAll(async () => {
  store = await openTestStore();
  db = store.db;
  uploads = await uploadServer();
}, 60_000);
afterAll(async () => {
  await uploads.close();
  await store.cleanup();
});
beforeEach(async () => {
  await resetStore(db);
  await seed(db);
  bot = new BotDriver(botDeps(db));
  uploads.received.length = 0;
  uploads.status.code = 201;
});

function consent(aad: string, action: 'accept' | 'decline', kind: 'docx' | 'xlsx', n = 1): Promise<Partial<Activity>[]> {
  const context = { auditLoop: 'report-file', month: '2026-11', kind };
  return bot.send({
    ...personal(aad),
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload', action, context,
      ...(action === 'accept'
        ? { uploadInfo: { name: `audit-report-2026-11.${kind}`, uploadUrl: `${uploads.url}/session/${n}`, contentUrl: `https://contoso.sharepoint.example/${n}`, uniqueId: `file-${n}`, fileType: kind } }
        : {}),
    },
  });
}

test('QA’s "report" in personal chat offers the month’s Word document and workbook, each on a file consent card', async () => {
  const replies = await bot.message(AAD.qa, 'report');
  const cards = replies.flatMap((r) => r.attachments ?? []).filter((a) => a.contentType === FILE_CONSENT_TYPE);
  expect(cards.map((c) => c.name)).toEqual(['audit-report-2026-11.docx', 'audit-report-2026-11.xlsx']);
  for (const c of cards) {
    const content = c.content as { sizeInBytes: number; acceptContext: unknown; declineContext: unknown; description: string };
    expect(content.sizeInBytes).toBeGreaterThan(1000);
    expect(content.acceptContext).toMatchObject({ auditLoop: 'report-file', month: '2026-11' });
    expect(content.declineContext).toEqual(content.acceptContext);
  }
});

test('"report 2026-10" offers October’s files, as the headlines card’s link types it', async () => {
  const replies = await bot.message(AAD.qa, 'Report  2026-10');
  const cards = replies.flatMap((r) => r.attachments ?? []).filter((a) => a.contentType === FILE_CONSENT_TYPE);
  expect(cards.map((c) => c.name)).toEqual(['audit-report-2026-10.docx', 'audit-report-2026-10.xlsx']);
  for (const c of cards) expect((c.content as { acceptContext: unknown }).acceptContext).toMatchObject({ auditLoop: 'report-file', month: '2026-10' });
  expect(replies[0]?.text).toContain('2026-10');
});

test.each(['2026-13', '2026-1', 'october'])('"report %s" says the month must be YYYY-MM, month 01 to 12, and offers no files', async (arg) => {
  const replies = await bot.message(AAD.qa, `report ${arg}`);
  const text = cardText(cardOf(replies));
  expect(text).toContain('MONTH_INVALID');
  expect(text).toContain(`"${arg}" is not a month`);
  expect(text).toContain('YYYY-MM');
  expect(text).toContain('01 to 12');
  expect(replies.flatMap((r) => r.attachments ?? []).some((a) => a.contentType === FILE_CONSENT_TYPE)).toBe(false);
});

test('declining names the month to ask for again', async () => {
  expect((await consent(AAD.qa, 'decline', 'docx')).find((r) => r.type === 'message')?.text).toContain('Type "report 2026-11"');
});

test('only QA may ask for the report files, and only in personal chat', async () => {
  expect(cardText(cardOf(await bot.message(AAD.auditor, 'report')))).toContain('QA_ONLY');
  const group = await bot.send({
    ...personal(AAD.qa), type: 'message', text: 'report',
    conversation: { id: '19:group', conversationType: 'groupChat', isGroup: true, name: '', tenantId: 'tenant-1' },
  });
  expect(cardText(cardOf(group))).toContain('PERSONAL_CHAT_ONLY');
  expect(group.flatMap((r) => r.attachments ?? []).some((a) => a.contentType === FILE_CONSENT_TYPE)).toBe(false);
});

test('accepting PUTs the whole file to the upload session, with its range, and answers with a file info card', async () => {
  const replies = await consent(AAD.qa, 'accept', 'docx');
  expect(uploads.received).toHaveLength(1);
  const put = uploads.received[0] as Received;
  expect(put).toMatchObject({ method: 'PUT', url: '/session/1' });
  expect(put.headers['content-range']).toBe(`bytes 0-${put.body.length - 1}/${put.body.length}`);
  expect(Number(put.headers['content-length'])).toBe(put.body.length);
  expect(await zipNames(put.body)).toContain('word/document.xml');
  const info = replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === FILE_INFO_TYPE);
  expect(info).toEqual({
    contentType: FILE_INFO_TYPE, name: 'audit-report-2026-11.docx', contentUrl: 'https://contoso.sharepoint.example/1', content: { uniqueId: 'file-1', fileType: 'docx' },
  });
  expect(replies.find((r) => r.type === 'invokeResponse')?.value).toMatchObject({ status: 200 });
});

test('the workbook goes up the same way', async () => {
  await consent(AAD.qa, 'accept', 'xlsx', 2);
  expect(await zipNames((uploads.received[0] as Received).body)).toContain('xl/workbook.xml');
});

test('declining uploads nothing and says so plainly', async () => {
  const replies = await consent(AAD.qa, 'decline', 'xlsx');
  expect(uploads.received).toHaveLength(0);
  expect(replies.find((r) => r.type === 'message')?.text).toContain('was not sent');
});

test('an accept from someone who is not QA uploads nothing', async () => {
  const replies = await consent(AAD.auditor, 'accept', 'docx');
  expect(uploads.received).toHaveLength(0);
  expect(replies.find((r) => r.type === 'message')?.text).toContain('for the QA team');
});

test('an upload session that refuses the file gets an error card, not a file info card', async () => {
  uploads.status.code = 500;
  const replies = await consent(AAD.qa, 'accept', 'docx');
  expect(cardText(cardOf(replies))).toContain('UPLOAD_FAILED');
  expect(replies.flatMap((r) => r.attachments ?? []).some((a) => a.contentType === FILE_INFO_TYPE)).toBe(false);
});
