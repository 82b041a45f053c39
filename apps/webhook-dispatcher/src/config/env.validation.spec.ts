import { randomBytes } from 'node:crypto';
import { validateWebhookDispatcherConfig, WebhookDispatcherConfig } from './env.validation';

describe(WebhookDispatcherConfig.name, () => {
  const minimal = {
    BUS: 'kafka',
    KAFKA_BROKERS: '127.0.0.1:9092',
    DATABASE_URL: 'postgres://scimflow@127.0.0.1:5432/scimflow',
    ADMIN_API_KEY: 'admin-key-0123456789',
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
  };

  it('fills the defaults of the issue', () => {
    expect(validateWebhookDispatcherConfig(minimal)).toMatchObject({
      PORT: 3004,
      WEBHOOK_TIMEOUT_MS: 15000,
      WEBHOOK_RETRY_SCHEDULE: '0s,5s,5m,30m,2h,5h,10h,10h',
      WEBHOOK_DISABLE_AFTER: '5d',
      WEBHOOK_SECRET_ROTATION_GRACE: '24h',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: false,
    });
  });

  it('runs embedded with DATA_DIR and no DATABASE_URL', () => {
    const { DATABASE_URL: _url, KAFKA_BROKERS: _brokers, ...rest } = minimal;
    expect(
      validateWebhookDispatcherConfig({ ...rest, BUS: 'in-process', DATA_DIR: '/tmp/data' }),
    ).toMatchObject({
      BUS: 'in-process',
      DATA_DIR: '/tmp/data',
    });
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads WEBHOOK_ALLOW_PRIVATE_NETWORKS=%p as %p', (value, expected) => {
    expect(
      validateWebhookDispatcherConfig({ ...minimal, WEBHOOK_ALLOW_PRIVATE_NETWORKS: value })
        .WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    ).toBe(expected);
  });

  it('lists every bad key at once', () => {
    const attempt = () =>
      validateWebhookDispatcherConfig({
        ...minimal,
        WEBHOOK_SECRET_KEY: 'too-short',
        WEBHOOK_RETRY_SCHEDULE: '0s,5 minutes',
        WEBHOOK_DISABLE_AFTER: 'forever',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'maybe',
        WEBHOOK_TIMEOUT_MS: '10',
      });
    expect(attempt).toThrow(/WEBHOOK_SECRET_KEY: WEBHOOK_SECRET_KEY must be 32 bytes/);
    expect(attempt).toThrow(/WEBHOOK_RETRY_SCHEDULE: .*comma-separated list of durations/);
    expect(attempt).toThrow(/WEBHOOK_DISABLE_AFTER: .*must be a duration/);
    expect(attempt).toThrow(/WEBHOOK_ALLOW_PRIVATE_NETWORKS: .*boolean/);
    expect(attempt).toThrow(/WEBHOOK_TIMEOUT_MS: .*not be less than 100/);
  });

  it('requires the secret key', () => {
    const { WEBHOOK_SECRET_KEY: _key, ...rest } = minimal;
    expect(() => validateWebhookDispatcherConfig(rest)).toThrow(/WEBHOOK_SECRET_KEY/);
  });
});
