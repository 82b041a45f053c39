import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

type ConfigClass<T> = new () => T;

/**
 * Builds the `validate` function for `ConfigModule.forRoot`: converts the environment into an instance of
 * `schema` and fails start-up with one message that lists every bad key at once.
 */
export function configValidator<T extends object>(
  schema: ConfigClass<T>,
): (env: Record<string, unknown>) => T {
  return (env) => {
    const config = plainToInstance(schema, env, {
      enableImplicitConversion: true,
      exposeDefaultValues: true,
    });
    const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
    if (errors.length > 0) {
      throw new Error(`Invalid configuration:\n${describeErrors(errors).join('\n')}`);
    }
    return config;
  };
}

function describeErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const key = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => `  - ${key}: ${message}`);
    return [...own, ...describeErrors(error.children ?? [], `${key}.`)];
  });
}
