import { isProviderId, PROVIDER_IDS } from './provider-id';
import { getProvider, PROVIDERS } from './providers';

describe('PROVIDERS', () => {
  it('lists every provider id once, in catalog order', () => {
    expect(PROVIDERS.map((provider) => provider.id)).toEqual([...PROVIDER_IDS]);
  });

  it.each(PROVIDERS.map((provider) => [provider.id, provider]))(
    '%s has a name, a description and setup steps',
    (_id, provider) => {
      expect(provider.name.trim()).not.toBe('');
      expect(provider.description.trim()).not.toBe('');
      expect(provider.setupSteps.length).toBeGreaterThanOrEqual(4);
      for (const step of provider.setupSteps) expect(step.trim()).toMatch(/[.:)]$/);
      expect(provider.docsUrl).toMatch(/^https:\/\//);
    },
  );

  it.each<[string, RegExp[]]>([
    [
      'jumpcloud',
      [
        /Identity Management/,
        /Provisioning/,
        /SCIM 2\.0/,
        /Base URL/,
        /trailing slash/,
        /Token Key/,
        /Test User Email/,
        /does not exist/,
        /Activate/,
        /Enable management of User Groups/,
        /[Bb]ind user groups/,
      ],
    ],
    [
      'okta',
      [
        /SCIM connector base URL/,
        /Unique identifier field for users to userName/,
        /HTTP Header/,
        /Push Groups/,
      ],
    ],
    [
      'entra-id',
      [
        /Enterprise applications/,
        /Provisioning/,
        /Automatic/,
        /Tenant URL/,
        /Secret Token/,
        /Test Connection/,
        /Mappings/,
      ],
    ],
    ['google-workspace', [/no generic outbound SCIM|no supported way/, /catalog/, /Keeper Web \(SAML\)/]],
    ['onelogin', [/SCIM Base URL/, /SCIM Bearer Token/, /urn:scim:schemas:core:1\.0/]],
    ['pingone', [/SCIM Base URL/, /Bearer Token/, /Test Connection/]],
  ])('%s setup names the console fields an admin fills in', (id, patterns) => {
    const text = [getProvider(id as never).description, ...getProvider(id as never).setupSteps].join('\n');
    for (const pattern of patterns) expect(text).toMatch(pattern);
  });

  it('is honest that Google Workspace cannot target a custom SCIM endpoint', () => {
    const google = getProvider('google-workspace');
    expect(google.description).toMatch(/no generic outbound SCIM/);
    expect(google.caveats.join(' ')).toMatch(/users only/);
  });
});

describe(getProvider.name, () => {
  it('returns the entry of an id', () => {
    expect(getProvider('okta').name).toBe('Okta');
  });

  it('throws on an id outside the catalog', () => {
    expect(() => getProvider('azure' as never)).toThrow('Unknown identity provider "azure"');
  });
});

describe(isProviderId.name, () => {
  it.each([
    ['jumpcloud', true],
    ['generic-scim', true],
    ['Okta', false],
    ['', false],
    [42, false],
    [undefined, false],
  ])('%j → %s', (value, expected) => {
    expect(isProviderId(value)).toBe(expected);
  });
});
