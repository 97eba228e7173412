import JSZip from 'jszip';

/** Reads a .docx or .xlsx as a tester would open it: unzipped, XML as text. */
export async function zipParts(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const [name, entry] of Object.entries(zip.files)) {
    if (!entry.dir && /\.(xml|rels)$/.test(name)) parts.set(name, await entry.async('string'));
  }
  return parts;
}

export async function zipNames(bytes: Buffer): Promise<string[]> {
  return Object.keys((await JSZip.loadAsync(bytes)).files);
}

const unescape = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');

/** The text of a piece of WordprocessingML: its w:t runs joined. */
export function wordText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1] ?? '')).join('');
}

/** Every table that holds no table of its own, as rows of cell text (a layout table's inner tables, not it). */
export function wordTables(documentXml: string): string[][][] {
  const tables = [...documentXml.matchAll(/<w:tbl>((?:(?!<w:tbl>)[\s\S])*?)<\/w:tbl>/g)].map((m) => m[1] ?? '');
  return tables.map((t) => [...t.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) => [...(row[1] ?? '').matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => wordText(c[1] ?? ''))));
}

/** The table whose header row starts with these cells. */
export function tableHeaded(tables: readonly string[][][], ...head: string[]): string[][] {
  const found = tables.find((t) => head.every((h, i) => t[0]?.[i] === h));
  if (found === undefined) throw new Error(`no table headed ${head.join(' | ')}`);
  return found;
}

/** A table's body as label → cells, for tables of measures. */
export function rowsByLabel(table: readonly string[][]): Map<string, string[]> {
  return new Map(table.slice(1).map((r) => [r[0] ?? '', r.slice(1)]));
}

/** The pictures' accessible names and descriptions (`wp:docPr`). */
export function wordPictures(documentXml: string): { name: string; title: string; descr: string }[] {
  return [...documentXml.matchAll(/<wp:docPr\s([^>]*?)\/?>/g)].map((m) => {
    const attr = (n: string): string => unescape(new RegExp(`\\b${n}="([^"]*)"`).exec(m[1] ?? '')?.[1] ?? '');
    return { name: attr('name'), title: attr('title'), descr: attr('descr') };
  });
}
