import { ImportRejected } from '../../imports/import-errors';

/** The ImportRejected an import is expected to throw; anything else (or nothing) fails the test. */
export async function rejected(p: Promise<unknown>): Promise<ImportRejected> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImportRejected) return e;
    throw e;
  }
  throw new Error('the import was expected to be refused');
}
