import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { z } from 'zod';
import { fillTemplate, type Json } from './fill-template';
import { validateTeamsManifest } from './manifest-schema';
import { PackageError } from './package-errors';
import { parsePackageEnv } from './package-env';

export const DEFAULT_TEMPLATE = path.join(__dirname, 'manifest.template.json');
export const DEFAULT_ICON_DIR = __dirname;

/** Icon files named by the template and the sizes Teams requires of them. */
const ICONS = [
  { file: 'color.png', size: 192 },
  { file: 'outline.png', size: 32 },
] as const;

export interface AppPackageOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly templatePath?: string;
  readonly iconDir?: string;
}

export interface AppPackage {
  readonly manifest: Json;
  readonly zip: Buffer;
}

const jsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

function readJson(file: string): Json {
  return jsonValue.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

function defaultAppVersion(): string {
  const pkg = z.object({ version: z.string() }).parse(readJson(path.join(__dirname, '..', 'package.json')));
  return pkg.version;
}

function readIcon(dir: string, file: string, size: number): Buffer {
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) {
    throw new PackageError('ICON_INVALID', `${full} is missing; run \`tsx manifest/draw-icons.ts\` to draw it.`);
  }
  const bytes = fs.readFileSync(full);
  const { width, height } = PNG.sync.read(bytes);
  if (width !== size || height !== size) {
    throw new PackageError('ICON_INVALID', `${full} is ${width}×${height}; Teams requires ${size}×${size}.`);
  }
  return bytes;
}

/** Fills the template from the environment, validates it against the official schema and zips it with the icons. */
export async function buildAppPackage(options: AppPackageOptions): Promise<AppPackage> {
  const variables = parsePackageEnv(options.env, { appVersion: defaultAppVersion() });
  const manifest = fillTemplate(readJson(options.templatePath ?? DEFAULT_TEMPLATE), variables);
  const issues = validateTeamsManifest(manifest);
  if (issues.length > 0) {
    throw new PackageError(
      'MANIFEST_SCHEMA_INVALID',
      `The filled manifest does not match the Teams manifest schema (${issues.length} problem${issues.length === 1 ? '' : 's'}).`,
      issues.map((issue) => `${issue.path || '/'}: ${issue.message}`),
      issues,
    );
  }
  const iconDir = options.iconDir ?? DEFAULT_ICON_DIR;
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const icon of ICONS) zip.file(icon.file, readIcon(iconDir, icon.file, icon.size));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return { manifest, zip: bytes };
}
