import { detectProvider } from './detect-provider';

describe(detectProvider.name, () => {
  it.each<[string, Record<string, string | string[]>, Record<string, string>, string | null]>([
    ["Okta's User-Agent", { 'user-agent': 'Okta SCIM Client 1.0.0' }, {}, 'okta'],
    ['an Okta User-Agent in another case', { 'User-Agent': 'okta scim client 2.1' }, {}, 'okta'],
    ["Entra's Adscimversion header", { adscimversion: '2.0' }, {}, 'entra-id'],
    ["Entra's header given as a list", { adscimversion: ['2.0'] }, {}, 'entra-id'],
    ["Entra's aadOptscim062020 query flag", {}, { aadOptscim062020: '' }, 'entra-id'],
    ['a browser', { 'user-agent': 'Mozilla/5.0' }, {}, null],
    ['a User-Agent merely mentioning Okta', { 'user-agent': 'curl/8.0 (not okta)' }, {}, null],
    ['nothing at all', {}, {}, null],
  ])('%s', (_title, headers, query, expected) => {
    expect(detectProvider({ headers, query })).toBe(expected);
  });
});
