import { GraphError } from '../../graph/graph-errors';
import { rejectionOf, startGraphHarness, type GraphHarness } from './graph-harness';

const APP_ID = 'a1b2c3d4-0000-4000-8000-000000000001';

describe('mail and Teams app installs', () => {
  let h: GraphHarness;
  beforeEach(async () => {
    h = await startGraphHarness();
  });
  afterEach(async () => {
    await h.fake.close();
  });

  it('sends an HTML email of high importance in the shape sendMail documents', async () => {
    await h.graph.sendMail('u-tm-1', {
      to: ['head1@council.example', 'qa@council.example'],
      subject: 'Inadequate grade: CD490004',
      html: '<p>The audit of <b>CD490004</b> was graded Inadequate.</p>',
      importance: 'high',
    });
    expect(h.fake.sentMail).toEqual([
      {
        from: 'u-tm-1',
        body: {
          message: {
            subject: 'Inadequate grade: CD490004',
            importance: 'high',
            body: { contentType: 'HTML', content: '<p>The audit of <b>CD490004</b> was graded Inadequate.</p>' },
            toRecipients: [{ emailAddress: { address: 'head1@council.example' } }, { emailAddress: { address: 'qa@council.example' } }],
          },
          saveToSentItems: true,
        },
      },
    ]);
    expect(h.fake.requests.find((r) => r.path.endsWith('/sendMail'))).toMatchObject({ method: 'POST', status: 202 });
  });

  it('refuses an email without recipients before calling Graph', async () => {
    await expect(h.graph.sendMail('u-tm-1', { to: [], subject: 'x', html: '<p>x</p>', importance: 'high' })).rejects.toMatchObject({ code: 'REJECTED' });
    expect(h.fake.count('/sendMail')).toBe(0);
  });

  it('names Mail.Send when the app may not send mail', async () => {
    h.fake.addFault({ path: '/sendMail', status: 403, graphCode: 'ErrorAccessDenied' });
    const error = await rejectionOf(h.graph.sendMail('u-tm-1', { to: ['qa@council.example'], subject: 's', html: '<p>s</p>', importance: 'high' }));
    expect(error).toMatchObject({ code: 'CONSENT_MISSING', graphCode: 'ErrorAccessDenied' });
    expect((error as GraphError).message).toContain('Mail.Send');
  });

  it('installs the app for a user once, treats 409 Conflict as already installed, and finds the chat', async () => {
    await expect(h.graph.installAppForUser('u-sw-001', APP_ID)).resolves.toBe('installed');
    await expect(h.graph.installAppForUser('u-sw-001', APP_ID)).resolves.toBe('already-installed');
    expect(h.fake.requests.filter((r) => r.path.endsWith('/teamwork/installedApps')).map((r) => r.status)).toEqual([201, 409]);
    const installationId = await h.graph.findAppInstallation('u-sw-001', APP_ID);
    expect(installationId).not.toBeNull();
    await expect(h.graph.getInstalledAppChat('u-sw-001', installationId ?? '')).resolves.toMatch(/^19:.*@unq\.gbl\.spaces$/);
    await expect(h.graph.findAppInstallation('u-sw-002', APP_ID)).resolves.toBeNull();
  });

  it('finds the chat of an app the user already had', async () => {
    h.fake.markInstalled('u-sw-007', APP_ID);
    await expect(h.graph.installAppForUser('u-sw-007', APP_ID)).resolves.toBe('already-installed');
    const installationId = await h.graph.findAppInstallation('u-sw-007', APP_ID);
    await expect(h.graph.getInstalledAppChat('u-sw-007', installationId ?? '')).resolves.toContain('u-sw-007');
  });

  it('names the Teams app permission when installing is not consented', async () => {
    h.fake.addFault({ path: '/teamwork/installedApps', method: 'POST', status: 403 });
    const error = await rejectionOf(h.graph.installAppForUser('u-sw-001', APP_ID));
    expect(error).toMatchObject({ code: 'CONSENT_MISSING', status: 403 });
    expect((error as GraphError).message).toContain('TeamsAppInstallation.ReadWriteSelfForUser.All');
  });

  it('reports the chat of an unknown installation as NOT_FOUND', async () => {
    await expect(h.graph.getInstalledAppChat('u-sw-001', 'inst-nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
