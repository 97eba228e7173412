import { ConfigError, readSettings } from '../../config/settings';
import { resolveAuthMode, type AuthModeSettings } from '../../server/auth-mode';

const APP = { MicrosoftAppId: '0a1b2c3d-0000-4000-8000-000000000001', MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: '11111111-2222-4333-8444-555555555555' };

/** Each row: the settings, then the mode the bot runs in, or the words of the refusal that stops it. */
const table: [string, AuthModeSettings, { kind: string; devUserId?: string | null } | RegExp][] = [
  ['an app id authenticates, in production', { ...APP, NODE_ENV: 'production' }, { kind: 'bot-framework' }],
  ['an app id authenticates, outside production', { ...APP }, { kind: 'bot-framework' }],
  ['an app id ignores AUDIT_LOOP_DEV_USER', { ...APP, AUDIT_LOOP_DEV_USER: 'tm-0-1' }, { kind: 'bot-framework' }],
  ['an app id with AUDIT_LOOP_LOCAL_MODE is contradictory', { ...APP, AUDIT_LOOP_LOCAL_MODE: 'anonymous' }, /AUDIT_LOOP_LOCAL_MODE=anonymous contradicts MicrosoftAppId/],
  ['no app id in production refuses to start', { NODE_ENV: 'production' }, /MicrosoftAppId is not set.*docs\/deploy\.md.*local use only.*AUDIT_LOOP_LOCAL_MODE=anonymous/],
  ['no app id and no mode outside production refuses to start too', {}, /MicrosoftAppId is not set/],
  ['anonymous mode asked for outside production runs anonymous', { AUDIT_LOOP_LOCAL_MODE: 'anonymous' }, { kind: 'local-anonymous', devUserId: null }],
  ['anonymous mode honours AUDIT_LOOP_DEV_USER', { AUDIT_LOOP_LOCAL_MODE: 'anonymous', AUDIT_LOOP_DEV_USER: 'tm-0-1', NODE_ENV: 'development' }, { kind: 'local-anonymous', devUserId: 'tm-0-1' }],
  ['anonymous mode in production is refused', { AUDIT_LOOP_LOCAL_MODE: 'anonymous', NODE_ENV: 'production' }, /refused when NODE_ENV=production/],
];

describe('the authentication mode the bot starts in', () => {
  test.each(table)('%s', (_rule, settings, expected) => {
    if (expected instanceof RegExp) {
      expect(() => resolveAuthMode(settings)).toThrow(ConfigError);
      expect(() => resolveAuthMode(settings)).toThrow(expected);
    } else {
      expect(resolveAuthMode(settings)).toMatchObject(expected);
    }
  });

  test('an authenticated mode carries the credentials it was given', () => {
    expect(resolveAuthMode({ ...APP, MicrosoftAppType: 'SingleTenant' })).toEqual({ kind: 'bot-framework', credentials: { ...APP, MicrosoftAppType: 'SingleTenant' } });
  });

  test('read from the environment, blanks count as unset: an empty MicrosoftAppId in production still refuses', () => {
    expect(() => resolveAuthMode(readSettings({ NODE_ENV: 'production', MicrosoftAppId: '', AUDIT_LOOP_LOCAL_MODE: '' }))).toThrow(/MicrosoftAppId is not set/);
  });

  test('AUDIT_LOOP_LOCAL_MODE takes only "anonymous", and MicrosoftAppTenantId only a tenant GUID', () => {
    expect(() => readSettings({ AUDIT_LOOP_LOCAL_MODE: 'yes' })).toThrow(/AUDIT_LOOP_LOCAL_MODE/);
    expect(() => readSettings({ MicrosoftAppTenantId: 'contoso.onmicrosoft.com' })).toThrow(/tenant/);
    expect(readSettings({ MicrosoftAppTenantId: '11111111-2222-4333-8444-55555555555A' }).MicrosoftAppTenantId).toBe('11111111-2222-4333-8444-55555555555a');
  });
});
