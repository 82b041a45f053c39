import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isDuration, isDurationList } from './duration';
import { isWebhookSecretKey } from './webhook-secret-key';

/** Config validation: a duration such as `5d` or `200ms` (see parseDuration). */
export function IsDuration(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDuration',
      validator: {
        validate: (value: unknown) => isDuration(value),
        defaultMessage: () => '$property must be a duration: a number and one of ms, s, m, h, d (e.g. 5m)',
      },
    },
    options,
  );
}

/** Config validation: a comma-separated list of durations such as `0s,5s,5m` (see parseDurationList). */
export function IsDurationList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDurationList',
      validator: {
        validate: (value: unknown) => isDurationList(value),
        defaultMessage: () => '$property must be a comma-separated list of durations (e.g. 0s,5s,5m,30m)',
      },
    },
    options,
  );
}

/** Config validation: 32 bytes in hex or base64 (see parseWebhookSecretKey). */
export function IsWebhookSecretKey(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWebhookSecretKey',
      validator: {
        validate: (value: unknown) => isWebhookSecretKey(value),
        defaultMessage: () =>
          '$property must be 32 bytes, as 64 hex characters or base64 (openssl rand -base64 32)',
      },
    },
    options,
  );
}
