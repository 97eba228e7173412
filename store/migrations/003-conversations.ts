/** Where the bot can reach a person or a channel: the conversation reference Teams gave on install. */
export const sql = `
CREATE TABLE conversation_refs (
  conversation_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('personal', 'channel', 'groupChat')),
  tenant_id text,
  service_url text NOT NULL,
  aad_object_id text,
  person_id text REFERENCES people (id),
  team_id text,
  reference jsonb NOT NULL,
  installed_at timestamptz NOT NULL DEFAULT now(),
  uninstalled_at timestamptz
);
CREATE INDEX conversation_refs_person ON conversation_refs (person_id) WHERE uninstalled_at IS NULL;
CREATE INDEX conversation_refs_aad ON conversation_refs (aad_object_id) WHERE uninstalled_at IS NULL;
`;
