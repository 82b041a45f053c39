import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startEmbeddedServer, until, type EmbeddedServer } from './support/embedded-server';
import { JumpCloudClient, type JumpCloudUser } from './support/jumpcloud-client';
import { WebhookReceiver } from './support/webhook-receiver';
import { captureView, launchChromium, newPortalContext } from './support/portal-browser';

// The seed scenario end to end, as an operator and a customer's IT admin would live it: sign in, create the
// organization, connect JumpCloud, watch its provisioning arrive, map a group to a role, unbind the group.
const ADA: JumpCloudUser = {
  userName: 'ada.lovelace@acme.example',
  externalId: '65f0a1b2c3d4e5f6a7b8c9d1',
  givenName: 'Ada',
  familyName: 'Lovelace',
  title: 'Principal Engineer',
  department: 'Engineering',
};
const GRACE: JumpCloudUser = {
  userName: 'grace.hopper@acme.example',
  externalId: '65f0a1b2c3d4e5f6a7b8c9d2',
  givenName: 'Grace',
  familyName: 'Hopper',
};
const KATHERINE: JumpCloudUser = {
  userName: 'katherine.johnson@acme.example',
  externalId: '65f0a1b2c3d4e5f6a7b8c9d3',
  givenName: 'Katherine',
  familyName: 'Johnson',
  password: 'Orbit-1962!',
};
const UI_TIMEOUT_MS = 20_000;
const startedAt = new Date();

/** `YYYY-MM-DDTHH:mm` in local time, the value of a datetime-local input. */
function localDateTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

describe('admin portal', { timeout: 300_000 }, () => {
  let server: EmbeddedServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let organizationId: string;
  let endpointUrl: string;
  let bearerToken: string;
  let jumpcloud: JumpCloudClient;
  const ids: Record<string, string> = {};
  let roleMappingServed = false;
  let webhooksServed = false;
  let webhookUrl = '';
  const receiver = new WebhookReceiver(1);

  before(async () => {
    [server, browser] = await Promise.all([startEmbeddedServer(), launchChromium()]);
    context = await newPortalContext(browser, server.baseUrl);
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  });

  after(async () => {
    await receiver.stop();
    await browser?.close();
    await server?.stop();
  });

  async function openTab(name: string): Promise<void> {
    await page.getByRole('tab', { name, exact: true }).click();
    await page.getByRole('tab', { name, exact: true, selected: true }).waitFor();
  }

  async function capture(name: string, target: Page = page): Promise<void> {
    assert.deepEqual(await captureView(target, name), [], 'axe-core found serious or critical violations');
  }

  it('signs the operator in with the admin API key, and refuses another key', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await capture('login');
    await page.getByLabel('Admin API key').fill(`${server.adminApiKey}-wrong`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This is not the admin API key of this server.').waitFor();
    await page.getByLabel('Admin API key').fill(server.adminApiKey);
    await page.getByLabel('Admin API key').press('Enter');
    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
    await page.getByText('No organizations yet').waitFor();
  });

  it('creates an organization', async () => {
    await page.getByRole('button', { name: '+ New organization' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Acme Corporation');
    await page.getByLabel('External id (optional)').fill('acme-42');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Acme Corporation', level: 1 }).waitFor();
    organizationId = /\/organizations\/([0-9a-f-]{36})\//.exec(page.url())?.[1] ?? '';
    assert.match(organizationId, /^[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Connect an identity provider' }).waitFor();
    for (const provider of [
      'JumpCloud',
      'Okta',
      'Microsoft Entra ID',
      'Google Workspace',
      'OneLogin',
      'PingOne',
      'Other SCIM 2.0 client',
    ]) {
      await page.getByRole('button', { name: provider, exact: true }).waitFor();
    }
    await capture('provisioning-providers');
  });

  it('connects JumpCloud: its setup steps, then the Endpoint URL and the Bearer token with copy buttons', async () => {
    await page.getByRole('button', { name: 'JumpCloud', exact: true }).click();
    const steps = page.getByRole('list', { name: 'Setup steps for JumpCloud' }).getByRole('listitem');
    await steps.first().waitFor();
    assert.ok((await steps.count()) >= 6, 'JumpCloud shows its setup steps');
    assert.match(await steps.nth(3).innerText(), /Base URL.*Endpoint URL/s);
    assert.match(await steps.nth(4).innerText(), /Token Key.*Bearer token/s);
    await page.getByRole('button', { name: 'Create JumpCloud directory' }).click();

    const endpointField = page.getByLabel('Endpoint URL', { exact: true });
    await endpointField.waitFor();
    endpointUrl = await endpointField.inputValue();
    bearerToken = await page.getByLabel('Bearer token', { exact: true }).inputValue();
    assert.match(endpointUrl, new RegExp(`^${server.baseUrl}/scim/v2/[0-9a-f-]{36}$`));
    assert.match(bearerToken, /^scim_[A-Za-z0-9_-]{43}$/);
    await page.getByText('Waiting for the first request').first().waitFor();

    await page.getByRole('button', { name: 'Copy endpoint url' }).click();
    await page.getByText('Endpoint URL copied to the clipboard.', { exact: true }).first().waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), endpointUrl);
    await capture('provisioning-connect');
    jumpcloud = new JumpCloudClient(endpointUrl, bearerToken);
  });

  it('shows the directory active once JumpCloud provisions, and users appear live in the Users tab', async () => {
    ids['ada'] = await jumpcloud.provisionUser(ADA);
    ids['grace'] = await jumpcloud.provisionUser(GRACE);
    ids['engineering'] = await jumpcloud.createGroup('Engineering', [ids['ada'], ids['grace']]);
    await page.getByText('Active', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Done, I saved the token' }).click();
    await page.getByRole('heading', { name: 'Connected identity providers' }).waitFor();

    await openTab('Users');
    await page.getByRole('link', { name: /Ada Lovelace/ }).waitFor();
    await page.getByRole('link', { name: /Grace Hopper/ }).waitFor();
    // The list is open: a user provisioned now shows up without a reload.
    ids['katherine'] = await jumpcloud.provisionUser(KATHERINE);
    await page.getByRole('link', { name: /Katherine Johnson/ }).waitFor();

    await page.getByLabel('Search users').fill('grace');
    await until(
      async () => (await page.getByRole('link', { name: /Ada Lovelace/ }).count()) === 0,
      UI_TIMEOUT_MS,
      () => 'the search did not narrow the list to Grace',
    );
    await page.getByRole('link', { name: /Grace Hopper/ }).waitFor();
    await page.getByLabel('Search users').fill('');
    await page.getByRole('link', { name: /Ada Lovelace/ }).waitFor();
    await capture('users');
  });

  it("shows a user's attributes, groups and raw SCIM attributes", async () => {
    await page.getByRole('link', { name: /Ada Lovelace/ }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 2 }).waitFor();
    await page.getByText('Principal Engineer', { exact: true }).waitFor();
    await page
      .getByRole('list', { name: 'Groups of this user' })
      .getByRole('link', { name: 'Engineering' })
      .waitFor();
    assert.match(
      await page.getByLabel('Raw SCIM attributes as JSON').innerText(),
      /"userName": "ada\.lovelace@acme\.example"/,
    );
    await capture('user-detail');
  });

  it('lists groups with their members, reached from the keyboard', async () => {
    // The tab list follows the ARIA pattern: the selected tab takes the focus, arrows move and select.
    await page.getByRole('tab', { name: 'Users', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    const groupsTab = page.getByRole('tab', { name: 'Groups', exact: true, selected: true });
    await groupsTab.waitFor();
    assert.equal(await groupsTab.evaluate((element) => element === document.activeElement), true);
    const engineering = page.getByRole('row', { name: /Engineering/ });
    await engineering.waitFor();
    assert.match(await engineering.innerText(), /\b2\b/);
    await capture('groups');
    await page.getByRole('link', { name: /Engineering/ }).click();
    await page.getByRole('heading', { name: 'Engineering', level: 2 }).waitFor();
    const members = page.getByRole('region', { name: 'Group members' });
    await members.getByRole('link', { name: /Ada Lovelace/ }).waitFor();
    await members.getByRole('link', { name: /Grace Hopper/ }).waitFor();
    await capture('group-detail');
  });

  it('maps the Engineering group to a role with a preview, and shows the role with its granting group', async () => {
    await openTab('Role mapping');
    const unavailable = page.getByText('Role mapping: not available on this server');
    const roles = page.getByRole('heading', { name: 'Roles', level: 2 });
    await unavailable.or(roles).first().waitFor();
    roleMappingServed = await roles.isVisible();
    if (!roleMappingServed) {
      // This server does not run role-mapping-service's API: the tab says so instead of failing.
      await capture('role-mapping');
      return;
    }
    await page.getByRole('button', { name: '+ Add role' }).click();
    await page.getByLabel('Key', { exact: true }).fill('engineer');
    await page.getByLabel('Name', { exact: true }).fill('Engineer');
    await page.getByRole('button', { name: 'Add role', exact: true }).click();
    await page.getByRole('list', { name: 'Roles' }).getByText('Engineer', { exact: true }).waitFor();
    await page.getByRole('button', { name: '+ Add rule' }).click();
    await page.getByLabel('Group of rule 1').fill('Engineering');
    await page.getByRole('group', { name: 'Roles of rule 1' }).getByLabel('Engineer').check();
    assert.equal(
      await page.getByRole('button', { name: 'Save mapping' }).isDisabled(),
      true,
      'saving needs a preview first',
    );
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await page.getByText(/2\s+gain a role/).waitFor();
    await capture('role-mapping');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByText('Roles up to date').waitFor();

    await page.goto(`/organizations/${organizationId}/users/${ids['ada']}`);
    const rolesTable = page.getByRole('region', { name: 'Roles of this user' });
    await rolesTable.getByRole('row', { name: /Engineer.*Engineering/ }).waitFor();
  });

  it('shows the request log with statuses, durations and redacted bodies, filtered by status', async () => {
    // A second create of the same user: the conflict JumpCloud meets when a test email already exists.
    await assert.rejects(jumpcloud.provisionUser(ADA), /409/);
    await openTab('Request log');
    const entries = page.getByRole('list', { name: 'SCIM requests, newest first' });
    await entries.getByText('/Users', { exact: true }).first().waitFor();
    await entries.getByText('409', { exact: true }).first().waitFor();
    // The newest successful POST /Users: Katherine's, sent with a password.
    const katherine = entries
      .getByRole('group')
      .filter({ has: page.locator('summary').filter({ hasText: /^201\s*POST\s*\/Users(?![/?])/ }) })
      .first();
    await katherine.locator('summary').click();
    const body = await katherine.getByLabel(/^Request body of POST/).innerText();
    assert.match(body, /"password": "\[redacted\]"/);
    assert.doesNotMatch(body, /Orbit-1962/);
    await capture('request-log');

    await page.getByLabel('Status').selectOption('4xx');
    await until(
      async () =>
        (await entries.getByText('201', { exact: true }).count()) === 0 &&
        (await entries.getByText('409', { exact: true }).count()) > 0,
      UI_TIMEOUT_MS,
      () => 'the 4xx filter did not keep only the conflict',
    );
  });

  it('filters events by type', async () => {
    await openTab('Events');
    const events = page.getByRole('list', { name: 'Events' });
    await events.getByText('directory.user.created').first().waitFor();
    await page.getByLabel('Event type').selectOption('directory.group.user_added');
    await until(
      async () =>
        (await events.getByText('directory.user.created', { exact: true }).count()) === 0 &&
        (await events.getByText('directory.group.user_added', { exact: true }).count()) === 2,
      UI_TIMEOUT_MS,
      () => 'the type filter did not keep the two user_added events',
    );
    await capture('events');
  });

  it('registers a webhook endpoint for the operator, its signing secret shown once', async () => {
    await openTab('Webhooks');
    const unavailable = page.getByText('Webhooks: not available on this server');
    const heading = page.getByRole('heading', { name: 'Webhook endpoints' });
    await unavailable.or(heading).first().waitFor();
    webhooksServed = await heading.isVisible();
    if (!webhooksServed) {
      await capture('webhooks');
      return;
    }
    webhookUrl = await receiver.start();
    await page.getByRole('button', { name: '+ Add endpoint' }).click();
    await page.getByLabel('URL', { exact: true }).fill(webhookUrl);
    await page.getByRole('button', { name: 'Add endpoint', exact: true }).click();
    assert.match(await page.getByLabel('Signing secret').inputValue(), /^whsec_/);
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    await page.getByRole('heading', { name: webhookUrl }).waitFor();
  });

  it('removes access when JumpCloud disassociates the group', async () => {
    await jumpcloud.disassociateGroup(ids['engineering']!, [
      { id: ids['ada']!, user: ADA },
      { id: ids['grace']!, user: GRACE },
    ]);
    await page.goto(`/organizations/${organizationId}/groups/${ids['engineering']}`);
    await page.getByText('No members', { exact: true }).waitFor();
    await page.goto(`/organizations/${organizationId}/users/${ids['ada']}`);
    await page.getByText('In no group.').waitFor();
    await page.getByText('Deactivated', { exact: true }).first().waitFor();
    if (roleMappingServed) {
      await page.getByText("No role. Roles come from the organization's group → role mapping.").waitFor();
    }
    await capture('user-detail-after-disassociation');
  });

  it('delivers the new events to the endpoint: attempts shown, a failed one retried by hand, then replayed', async () => {
    if (!webhooksServed) return;
    await openTab('Webhooks');
    await page.getByRole('button', { name: 'Show deliveries' }).click();
    // The receiver refuses the first delivery: it waits a minute, and the ones after it wait for it.
    const deliveries = page.getByRole('list', { name: 'Deliveries of the endpoint' });
    const failed = deliveries.getByRole('group').filter({ has: page.getByText('failed', { exact: true }) });
    await failed.first().locator('summary').click();
    await failed.first().getByRole('row', { name: /500/ }).waitFor();
    await capture('webhooks');
    await failed.first().getByRole('button', { name: 'Retry now' }).click();
    await until(
      async () =>
        receiver.deliveries.length > 0 &&
        (await deliveries.getByText(/^(failed|pending)$/).count()) === 0 &&
        (await deliveries.getByText('succeeded', { exact: true }).count()) === receiver.deliveries.length,
      UI_TIMEOUT_MS,
      () => `${receiver.deliveries.length} deliveries received; the list still shows some unfinished`,
    );
    const delivered = receiver.deliveries.map((delivery) => String(delivery.headers['webhook-id']));
    for (const delivery of receiver.deliveries) {
      assert.match(String(delivery.headers['webhook-signature']), /^v1,/);
      assert.equal(JSON.parse(delivery.body).organizationId, organizationId);
    }

    await page
      .getByLabel('Since', { exact: true })
      .fill(localDateTime(new Date(startedAt.getTime() - 60_000)));
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText(`${delivered.length} events will be sent again`, { exact: false }).waitFor();
    await until(
      async () => receiver.deliveries.length === 2 * delivered.length,
      UI_TIMEOUT_MS,
      () => `the replay delivered ${receiver.deliveries.length - delivered.length} of ${delivered.length}`,
    );
    // A replay sends the same events again under their original webhook-id, so the application can dedupe.
    const replayed = receiver.deliveries
      .slice(delivered.length)
      .map((delivery) => String(delivery.headers['webhook-id']));
    assert.deepEqual([...replayed].sort(), [...delivered].sort());
  });

  it('shows the directory status and rotates the bearer token once, the previous one still working', async () => {
    await openTab('SCIM Provisioning');
    await page.getByRole('heading', { name: 'Connected identity providers' }).waitFor();
    await page.getByText('Active', { exact: true }).first().waitFor();
    await page.getByText('Last error').waitFor();
    await page.getByRole('button', { name: 'Rotate token' }).click();
    await page
      .getByRole('group', { name: 'Confirm token rotation' })
      .getByRole('button', { name: 'Rotate token' })
      .click();
    const rotated = await page.getByLabel('Bearer token', { exact: true }).inputValue();
    assert.match(rotated, /^scim_/);
    assert.notEqual(rotated, bearerToken);
    const lookup = (token: string) =>
      fetch(`${endpointUrl}/Users?count=1`, { headers: { authorization: `Bearer ${token}` } }).then(
        (response) => response.status,
      );
    assert.equal(await lookup(rotated), 200);
    assert.equal(await lookup(bearerToken), 200, 'the previous token works during the grace period');
    await capture('provisioning');
  });

  it("lets the customer's IT admin in through a magic link, scoped to their organization only", async () => {
    const other = await fetch(`${server.baseUrl}/api/v1/organizations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Globex' }),
    }).then((response) => response.json() as Promise<{ id: string }>);

    await page.getByLabel('Expires after').selectOption({ label: '1 day' });
    await page.getByRole('button', { name: 'Create setup link' }).click();
    const link = await page.getByLabel('Setup link', { exact: true }).inputValue();
    assert.match(link, new RegExp(`^${server.baseUrl}/portal/login#token=pl_`));

    const itAdminContext = await newPortalContext(browser, server.baseUrl);
    const itAdmin = await itAdminContext.newPage();
    itAdmin.setDefaultTimeout(UI_TIMEOUT_MS);
    try {
      await itAdmin.goto(link);
      await itAdmin.waitForURL(new RegExp(`/organizations/${organizationId}/provisioning$`));
      assert.doesNotMatch(itAdmin.url(), /token/);
      await itAdmin.getByText(/^IT admin/).waitFor();
      await itAdmin.getByRole('tab', { name: 'SCIM Provisioning', selected: true }).waitFor();
      assert.equal(
        await itAdmin.getByRole('tab', { name: 'Webhooks' }).count(),
        0,
        'webhooks are the operator’s',
      );
      assert.equal(await itAdmin.getByRole('link', { name: 'Organizations' }).count(), 0);
      // Every service's management API takes the session within its organization: the IT admin sees it all.
      await itAdmin.getByRole('heading', { name: 'Acme Corporation', level: 1 }).waitFor();
      await itAdmin.getByRole('heading', { name: 'Connected identity providers' }).waitFor();
      await itAdmin.getByRole('heading', { name: 'JumpCloud', level: 3 }).waitFor();
      await itAdmin.getByRole('button', { name: 'Rotate token' }).waitFor();
      assert.equal(await itAdmin.getByRole('button', { name: 'Delete directory' }).count(), 0);
      assert.equal(await itAdmin.getByRole('heading', { name: "Invite the customer's IT admin" }).count(), 0);
      await capture('it-admin-provisioning', itAdmin);

      const itAdminTab = async (name: string) => {
        await itAdmin.getByRole('tab', { name, exact: true }).click();
        await itAdmin.getByRole('tab', { name, exact: true, selected: true }).waitFor();
      };
      await itAdminTab('Users');
      await itAdmin.getByRole('link', { name: /Ada Lovelace/ }).waitFor();
      await itAdmin.getByRole('link', { name: /Katherine Johnson/ }).waitFor();
      await capture('it-admin-users', itAdmin);

      await itAdminTab('Groups');
      await itAdmin.getByRole('row', { name: /Engineering/ }).waitFor();
      await capture('it-admin-groups', itAdmin);

      await itAdminTab('Role mapping');
      if (roleMappingServed) {
        await itAdmin.getByRole('list', { name: 'Roles' }).getByText('Engineer', { exact: true }).waitFor();
        await itAdmin.getByRole('button', { name: 'Preview changes' }).waitFor();
        assert.equal(
          await itAdmin.getByRole('button', { name: '+ Add role' }).count(),
          0,
          'roles are the operator’s',
        );
      } else {
        await itAdmin.getByText('Role mapping: not available on this server').waitFor();
      }
      await capture('it-admin-role-mapping', itAdmin);

      await itAdminTab('Request log');
      const requests = itAdmin.getByRole('list', { name: 'SCIM requests, newest first' });
      await requests.getByText('/Users', { exact: true }).first().waitFor();
      await requests.getByText('409', { exact: true }).first().waitFor();
      await capture('it-admin-request-log', itAdmin);

      await itAdminTab('Events');
      await itAdmin
        .getByRole('list', { name: 'Events' })
        .getByText('directory.user.created')
        .first()
        .waitFor();
      await capture('it-admin-events', itAdmin);

      await itAdmin.goto(`/organizations/${other.id}/users`);
      await itAdmin.getByText('Not part of your access').waitFor();
      const session = await itAdmin.evaluate(
        () =>
          JSON.parse(sessionStorage.getItem('scimflow.portal.credentials') ?? '{}') as {
            sessionToken?: string;
          },
      );
      const call = (path: string, method = 'GET') =>
        fetch(`${server.baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${session.sessionToken}` },
        }).then((response) => response.status);
      assert.equal(await call(`/api/v1/organizations/${organizationId}/portal-links`), 200);
      assert.equal(await call(`/api/v1/organizations/${other.id}/portal-links`), 403);
      assert.equal(await call(`/api/v1/organizations/${organizationId}/portal-links`, 'POST'), 403);
      // The rest of the management API holds the same line: its own organization only, never the operator's.
      assert.equal(await call(`/api/v1/organizations/${organizationId}/directories`), 200);
      assert.equal(await call(`/api/v1/organizations/${other.id}/directories`), 403);
      assert.equal(await call(`/api/v1/events?organizationId=${other.id}`), 403);
      if (roleMappingServed) assert.equal(await call(`/api/v1/organizations/${other.id}/role-mapping`), 403);
      assert.equal(await call('/api/v1/organizations'), 403);
      if (webhooksServed) assert.equal(await call('/api/v1/webhook-endpoints'), 403);

      // The operator revokes the link: the session is refused at once by the portal, and cannot be refreshed.
      await page
        .getByRole('button', { name: /^Revoke/ })
        .first()
        .click();
      await until(
        async () => (await call('/api/v1/portal-sessions/refresh', 'POST')) === 401,
        UI_TIMEOUT_MS,
        () => 'the revoked link still refreshes its session',
      );
    } finally {
      await itAdminContext.close();
    }
  });

  it('lists the organizations for the operator', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('link', { name: /Acme Corporation/ }).waitFor();
    await page.getByRole('link', { name: /Globex/ }).waitFor();
    await capture('organizations');
  });
});
