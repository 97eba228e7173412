import path from 'node:path';
import ExcelJS from 'exceljs';

/** The columns of a Microsoft Forms "Open in Excel" download with the default question titles. */
export const FORMS_EXPORT_HEADER = [
  'ID', 'Start time', 'Completion time', 'Email', 'Name', 'Case reference', 'Overall grade', 'Rationale for grade',
  'Did you discuss the audit with the allocated worker or their manager?', 'Were the child, young person or parent contacted?',
  'Areas of good practice', 'Areas for improvement', 'Immediate safeguarding concern?',
];

/** Writes a Forms export (.xlsx) with these answer rows, in FORMS_EXPORT_HEADER's order; returns its path. */
export async function writeFormsExport(dir: string, rows: readonly (readonly string[])[], name = 'forms.xlsx'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Form1');
  sheet.addRow(FORMS_EXPORT_HEADER);
  for (const r of rows) sheet.addRow([...r]);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}
