import { SignJWT, generateKeyPair, type JWTPayload, type KeyLike } from 'jose';
import { checkInboundToken, InboundTokenError } from '../../server/inbound-token';

const APP_ID = '0a1b2c3d-0000-4000-8000-000000000001';
const TENANT = '11111111-2222-4333-8444-555555555555';
const NOW = new Date('2026-11-10T10:00:00Z');
const at = (secondsFromNow: number): number => Math.floor(NOW.getTime() / 1000) + secondsFromNow;
const policy = { appId: APP_ID, tenantId: TENANT, now: () => NOW };

let privateKey: KeyLike;
beforeAll(async () => {
  ({ privateKey } = await generateKeyPair('RS256'));
});

const token = (claims: JWTPayload = {}): Promise<string> =>
  new SignJWT({ iss: 'https://api.botframework.com', aud: APP_ID, exp: at(600), ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k' }).sign(privateKey);
const refusal = async (claims: JWTPayload): Promise<string> => {
  try {
    checkInboundToken(`Bearer ${await token(claims)}`, policy);
  } catch (e) {
    if (e instanceof InboundTokenError) return e.code;
  }
  return 'accepted';
};

describe('the offline check of an inbound Bot Framework token', () => {
  test("a token that expired two minutes ago is within Bot Framework's five minutes of clock skew; six minutes is not", async () => {
    expect(await refusal({ exp: at(-120) })).toBe('accepted');
    expect(await refusal({ exp: at(-360) })).toBe('TOKEN_EXPIRED');
  });

  test('a token not valid for another ten minutes is refused; one a minute early is allowed for skew', async () => {
    expect(await refusal({ nbf: at(600) })).toBe('TOKEN_NOT_YET_VALID');
    expect(await refusal({ nbf: at(60) })).toBe('accepted');
  });

  test("the council's own tenant's Entra issuers are accepted, another tenant's are not", async () => {
    expect(await refusal({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0` })).toBe('accepted');
    expect(await refusal({ iss: `https://sts.windows.net/${TENANT}/` })).toBe('accepted');
    expect(await refusal({ iss: 'https://sts.windows.net/99999999-8888-4777-8666-555555555555/' })).toBe('ISSUER_REFUSED');
  });

  test('a token without an expiry, or with the app id only among other audiences, is judged by its claims', async () => {
    expect(await refusal({ exp: undefined })).toBe('TOKEN_MALFORMED');
    expect(await refusal({ aud: ['someone-else', APP_ID] })).toBe('accepted');
    expect(await refusal({ aud: ['someone-else'] })).toBe('AUDIENCE_REFUSED');
  });

  test('only the exact "Bearer <token>" form is read', () => {
    expect(() => checkInboundToken('Basic abc', policy)).toThrow(expect.objectContaining({ code: 'TOKEN_MISSING' }));
    expect(() => checkInboundToken(undefined, policy)).toThrow(expect.objectContaining({ code: 'TOKEN_MISSING' }));
  });
});
