import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const dockerfile = readFileSync(path.resolve(__dirname, '../../Dockerfile'), 'utf8');

/** The JSON-array form of a Dockerfile instruction, e.g. CMD ["node", "dist/server/main.js"]; group 1 holds the array. */
export function execForm(instruction: RegExp): string[] {
  const m = instruction.exec(dockerfile);
  if (m?.[1] === undefined) throw new Error(`Dockerfile has no ${String(instruction)}`);
  return z.array(z.string()).parse(JSON.parse(m[1]));
}
