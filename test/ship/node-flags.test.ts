/**
 * The bot's memory settings are node flags (README, "Memory"), so every way of starting it must pass the same ones:
 * `npm start`, the image's CMD, and `npm run bench`, which measures the bot as it ships.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { execForm } from '../support/dockerfile';

const ROOT = path.resolve(__dirname, '../..');
const scripts = z
  .object({ scripts: z.object({ start: z.string(), bench: z.string() }) })
  .parse(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))).scripts;

/** The flags between `node` and the script it runs, in a command's words. */
function nodeFlags(words: readonly string[]): string[] {
  const at = words.indexOf('node');
  if (at < 0) throw new Error(`no node in: ${words.join(' ')}`);
  const flags: string[] = [];
  for (const word of words.slice(at + 1)) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}

/** The last `node …` command of an npm script (`tsc … && node …`). */
const scriptFlags = (script: string): string[] => nodeFlags((script.split('&&').pop() ?? '').trim().split(/\s+/));
const imageFlags = (): string[] => nodeFlags(execForm(/^CMD (\[.*\])$/m));

describe("the bot's node flags", () => {
  it('npm start runs node with one V8 helper thread and its memory-saving mode', () => {
    expect(scriptFlags(scripts.start)).toEqual(['--v8-pool-size=1', '--optimize-for-size']);
  });

  it("the image's CMD and npm run bench pass exactly the flags npm start does", () => {
    expect(imageFlags()).toEqual(scriptFlags(scripts.start));
    expect(scriptFlags(scripts.bench)).toEqual(scriptFlags(scripts.start));
  });

  it('this node accepts them (an unknown or misspelt flag stops node before the bot starts)', () => {
    const out = execFileSync(process.execPath, [...scriptFlags(scripts.start), '-e', 'process.stdout.write("up")'], { encoding: 'utf8', stdio: 'pipe' });
    expect(out).toBe('up');
    expect(() => execFileSync(process.execPath, ['--v8-pool-sise=1', '-e', '0'], { stdio: 'pipe' })).toThrow(/bad option/);
  });
});
