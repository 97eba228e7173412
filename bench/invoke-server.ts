/**
 * The server of the invoke benchmark: `npm start`'s server/start-server.ts with the environment the parent sets, in a
 * process of its own (so its CPU time is the server's alone), with one change only code can make: botbuilder reads
 * Bot Framework's OpenID metadata and signing keys from the parent's local issuer (INVOKE_OPENID_URL) instead of
 * login.botframework.com. Tokens are checked exactly as in production: offline checks, then the RS256 signature.
 */
import { startServer } from '../server/start-server';

/** The environment variable naming the local OpenID metadata URL. */
export const OPENID_ENV = 'INVOKE_OPENID_URL';

const url = process.env[OPENID_ENV];
if (url === undefined || url === '') {
  process.stderr.write(`${OPENID_ENV} is not set: start this process from bench/invoke.ts\n`);
  process.exit(2);
}
startServer(process.env, { openIdMetadataUrl: url }).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`invoke-server: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
