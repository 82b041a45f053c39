import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signWebhook } from './webhook-signer';

describe(signWebhook.name, () => {
  const eventId = randomUUID();
  const body = JSON.stringify({
    id: eventId,
    type: 'directory.user.created',
    data: { userName: 'ada@acme.example' },
  });

  it('signs so that the standardwebhooks library verifies, with the event id and the time in seconds', () => {
    const secret = generateWebhookSecret();
    const at = new Date();
    const headers = signWebhook(eventId, body, [secret], at);

    expect(headers['webhook-id']).toBe(eventId);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('gives the signature the standardwebhooks library gives, for UTF-8 bodies too', () => {
    const secret = generateWebhookSecret();
    const at = new Date('2026-11-29T10:00:00.750Z');
    const utf8 = JSON.stringify({ id: eventId, data: { displayName: 'Zoë Ångström — 東京 👩‍💻' } });

    expect(signWebhook(eventId, utf8, [secret], at)['webhook-signature']).toBe(
      new Webhook(secret).sign(eventId, at, utf8),
    );
  });

  it('signs with both secrets during a rotation, each verifying on its own', () => {
    const previous = generateWebhookSecret();
    const current = generateWebhookSecret();
    const headers = signWebhook(eventId, body, [current, previous]);

    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(previous).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow(
      'No matching signature',
    );
  });

  it.each([
    ['a tampered body', (headers: Record<string, string>) => ({ body: body.replace('ada', 'eve'), headers })],
    [
      'another webhook-id',
      (headers: Record<string, string>) => ({ body, headers: { ...headers, 'webhook-id': randomUUID() } }),
    ],
    [
      'a shifted timestamp',
      (headers: Record<string, string>) => ({
        body,
        headers: { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) },
      }),
    ],
  ])('fails verification for %s', (_label, alter) => {
    const secret = generateWebhookSecret();
    const altered = alter({ ...signWebhook(eventId, body, [secret]) });
    expect(() => new Webhook(secret).verify(altered.body, altered.headers)).toThrow('No matching signature');
  });

  it('fails verification when the timestamp is older than the tolerance, even correctly signed', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook(eventId, body, [secret], new Date(Date.now() - 10 * 60 * 1000));
    expect(() => new Webhook(secret).verify(body, { ...headers })).toThrow('Message timestamp too old');
  });

  it('makes whsec_ secrets of 32 random bytes', () => {
    const secrets = Array.from({ length: 50 }, generateWebhookSecret);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('refuses to sign without a secret', () => {
    expect(() => signWebhook(eventId, body, [])).toThrow('at least one secret');
  });
});
