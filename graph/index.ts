/** Microsoft Graph for Audit Loop: build a GraphPort from configuration. */
import { z } from 'zod';
import { createCredential, GraphCredentialConfigSchema } from './credentials';
import { createGraphPort, type GraphPortOptions } from './graph-api';
import { createGraphClient, GraphClientConfigSchema } from './graph-client';
import type { GraphPort } from './graph-port';

export const GraphConfigSchema = z.object({
  credential: GraphCredentialConfigSchema,
  client: GraphClientConfigSchema.default(GraphClientConfigSchema.parse({})),
});
export type GraphConfig = z.infer<typeof GraphConfigSchema>;

export function createGraph(config: z.input<typeof GraphConfigSchema>, options: GraphPortOptions = {}): GraphPort {
  const parsed = GraphConfigSchema.parse(config);
  return createGraphPort(createGraphClient(createCredential(parsed.credential), parsed.client), options);
}

export { GraphError, type GraphErrorCode } from './graph-errors';
export type { DriveItemRef, DownloadOutcome, DriveItemMeta, GraphPort, InstallOutcome, MailToSend, Person, AutomaticReplies } from './graph-port';
export { ManagerDirectory, type ManagerChain, type NoManager, type ManagerLink, type DirectoryClock } from './directory';
export { coversDueDate } from './leave';
export { fixedTokenCredential, GraphCredentialConfigSchema, type GraphCredentialConfig } from './credentials';
export { GraphClientConfigSchema, createGraphClient, type GraphClientConfig } from './graph-client';
export { createGraphPort } from './graph-api';
