/**
 * The app's identity towards Microsoft Graph: an @azure/identity TokenCredential chosen by configuration.
 * Application permissions only (no user signs in), so every kind here is app-only.
 */
import { z } from 'zod';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type TokenCredential,
} from '@azure/identity';

const Guid = z.string().regex(/^[0-9a-fA-F-]{36}$/, 'must be a GUID like 00000000-0000-0000-0000-000000000000');

export const GraphCredentialConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('client-secret'),
    tenantId: Guid,
    clientId: Guid,
    clientSecret: z.string().min(1, 'the client secret from the app registration is empty'),
  }),
  z.object({
    kind: z.literal('certificate'),
    tenantId: Guid,
    clientId: Guid,
    /** A PEM file holding the certificate and its private key. */
    certificatePath: z.string().min(1),
    /** Send the x5c chain: needed for subject name + issuer authentication. */
    sendCertificateChain: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('managed-identity'),
    /** The client id of a user-assigned identity; omit for the system-assigned one. */
    clientId: Guid.optional(),
  }),
  z.object({
    // Only for local fakes: a fixed bearer token, never a real tenant.
    kind: z.literal('fixed-token'),
    token: z.string().min(1),
  }),
]);
export type GraphCredentialConfig = z.infer<typeof GraphCredentialConfigSchema>;

/** A credential that always hands out the same token; for the local Graph fake. */
export function fixedTokenCredential(token: string, lifetimeMs = 3_600_000): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + lifetimeMs }),
  };
}

export function createCredential(config: GraphCredentialConfig): TokenCredential {
  switch (config.kind) {
    case 'client-secret':
      return new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret);
    case 'certificate':
      return new ClientCertificateCredential(
        config.tenantId,
        config.clientId,
        { certificatePath: config.certificatePath },
        { sendCertificateChain: config.sendCertificateChain },
      );
    case 'managed-identity':
      return config.clientId === undefined ? new ManagedIdentityCredential() : new ManagedIdentityCredential({ clientId: config.clientId });
    case 'fixed-token':
      return fixedTokenCredential(config.token);
  }
}
