import { officialSchemaErrors, schemaCheckSkipReason } from '../support/card-checks';
import { readSharedSchemaFile } from '../support/shared-schemas';
import { teamsHostConfig } from '../support/teams-host-config';
import { everyCard } from './every-card';

/**
 * Extras that need ../shared/schemas beside the checkout: never a condition for a bare clone, but on CI
 * (AUDIT_LOOP_REQUIRE_SCHEMA_CHECK=1) they run and fail if the folder is missing.
 */

const skip = schemaCheckSkipReason();
if (skip) console.warn(skip);
const extra = skip ? it.skip : it;

describe('checks against ../shared/schemas', () => {
  extra('cards validate against the official Adaptive Card 1.5 schema (needs ../shared/schemas)', () => {
    const failures = everyCard()
      .map(({ name, card }) => ({ name, errors: officialSchemaErrors(card) }))
      .filter((r) => r.errors.length > 0);
    expect(failures).toEqual([]);
  });

  extra.each(['light', 'dark'] as const)(
    'the Teams %s host config from adaptivecards-designer matches the shared one (needs ../shared/schemas)',
    (theme) => {
      expect(teamsHostConfig(theme)).toEqual(readSharedSchemaFile(`teams-${theme}.hostconfig.json`));
    },
  );
});
