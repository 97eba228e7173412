import type { Activity, Attachment } from 'botbuilder';
import { z } from 'zod';
import { MonthSchema } from '../audit/month';
import { hasRole, type Person } from '../audit/people';
import { readReportSettings } from '../config/report-settings';
import { renderDocx } from '../report/render-docx';
import { renderXlsx } from '../report/render-xlsx';
import { reportWithAuditsForPeriod } from '../report/report-for-period';
import type { BotDeps } from './bot-deps';
import { todayOf } from './bot-dates';

/**
 * QA's month report as files in personal chat, by Teams' file consent flow: the bot offers each file with a
 * FileConsentCard; when QA accepts, Teams gives an upload session in QA's OneDrive, the bot PUTs the bytes there and
 * answers with a FileInfoCard that opens the file. Files are made again on accept, so they hold the figures of then.
 */
export const FILE_CONSENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_TYPE = 'application/vnd.microsoft.teams.card.file.info';

export const ReportFileKindSchema = z.enum(['docx', 'xlsx']);
export type ReportFileKind = z.infer<typeof ReportFileKindSchema>;

/** What the consent card carries and Teams hands back, unchanged, with the user's answer. */
const ConsentContextSchema = z.object({ auditLoop: z.literal('report-file'), month: MonthSchema, kind: ReportFileKindSchema });
type ConsentContext = z.infer<typeof ConsentContextSchema>;

const FileConsentResponseSchema = z.object({
  action: z.enum(['accept', 'decline']),
  context: ConsentContextSchema,
  uploadInfo: z
    .object({
      name: z.string().min(1),
      uploadUrl: z.url({ protocol: /^https?$/ }),
      contentUrl: z.string().min(1),
      uniqueId: z.string().min(1),
      fileType: z.string().min(1),
    })
    .optional(),
});

export type ReportFileErrorCode = 'CONSENT_INVALID' | 'UPLOAD_FAILED';

export class ReportFileError extends Error {
  constructor(
    readonly code: ReportFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportFileError';
  }
}

const WHAT: Record<ReportFileKind, string> = { docx: 'Word report', xlsx: 'Excel workbook' };
const MIME: Record<ReportFileKind, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const reportFileName = (month: string, kind: ReportFileKind): string => `audit-report-${month}.${kind}`;

/** The month's document or workbook, from the same report the CLI prints. */
export async function makeReportFile(deps: BotDeps, month: string, kind: ReportFileKind): Promise<Buffer> {
  const { report, audits } = await reportWithAuditsForPeriod(deps.db, deps.profile, month);
  const names = { council: readReportSettings().AUDIT_LOOP_COUNCIL_NAME, programmeName: deps.profile.name };
  if (kind === 'docx') return (await renderDocx(report, { ...names, generatedOn: todayOf(deps) })).bytes;
  return (await renderXlsx(report, audits, names)).bytes;
}

function consentCard(month: string, kind: ReportFileKind, size: number): Attachment {
  const context: ConsentContext = { auditLoop: 'report-file', month, kind };
  return {
    contentType: FILE_CONSENT_TYPE,
    name: reportFileName(month, kind),
    content: { description: `The ${WHAT[kind]} for ${month}: case references only, no names.`, sizeInBytes: size, acceptContext: context, declineContext: context },
  };
}

/** The reply to QA's `report`: one consent card per file (Teams shows one file per card). */
export async function reportFileOffer(deps: BotDeps, month: string): Promise<Partial<Activity>[]> {
  const kinds = ReportFileKindSchema.options;
  const sizes = await Promise.all(kinds.map(async (k) => (await makeReportFile(deps, month, k)).length));
  return [
    { type: 'message', text: `The ${month} report, as a Word document and an Excel workbook. Allow each to save it to your OneDrive.` },
    ...kinds.map((k, i) => ({ type: 'message', attachments: [consentCard(month, k, sizes[i] ?? 0)] })),
  ];
}

export type Upload = (url: string, body: Buffer, headers: Record<string, string>) => Promise<{ status: number }>;

/** The upload session takes the whole file in one PUT, its range stated (as OneDrive upload sessions require). */
export const fetchUpload: Upload = async (url, body, headers) => {
  const res = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers });
  return { status: res.status };
};

/** Handles QA's answer to a consent card: the message to send back. Only QA may receive the files. */
export async function answerFileConsent(deps: BotDeps, actor: Person | null, value: unknown, upload: Upload = fetchUpload): Promise<Partial<Activity>> {
  const parsed = FileConsentResponseSchema.safeParse(value);
  if (!parsed.success) throw new ReportFileError('CONSENT_INVALID', `not an Audit Loop file consent: ${parsed.error.issues[0]?.message ?? ''}`);
  const { action, context, uploadInfo } = parsed.data;
  const name = reportFileName(context.month, context.kind);
  if (action === 'decline') return { type: 'message', text: `OK: the ${WHAT[context.kind]} (${name}) was not sent. Type "report ${context.month}" to be offered it again.` };
  if (actor === null || !hasRole(actor, 'qa')) return { type: 'message', text: 'The report files are for the QA team.' };
  if (uploadInfo === undefined) throw new ReportFileError('CONSENT_INVALID', 'an accepted file consent without uploadInfo');
  const bytes = await makeReportFile(deps, context.month, context.kind);
  const res = await upload(uploadInfo.uploadUrl, bytes, {
    'Content-Type': MIME[context.kind],
    'Content-Length': String(bytes.length),
    'Content-Range': `bytes 0-${bytes.length - 1}/${bytes.length}`,
  });
  if (res.status < 200 || res.status > 299) {
    deps.logger.warn({ status: res.status, file: name }, 'report file upload refused');
    throw new ReportFileError('UPLOAD_FAILED', `uploading ${name} failed with HTTP ${res.status}`);
  }
  return {
    type: 'message',
    text: `Saved ${uploadInfo.name} to your OneDrive.`,
    attachments: [{ contentType: FILE_INFO_TYPE, contentUrl: uploadInfo.contentUrl, name: uploadInfo.name, content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType } }],
  };
}
