import { IsInt, IsString, IsUrl, Max, Min } from 'class-validator';
import { configValidator } from './validate-config';

class ExampleConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 8080;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_URL!: string;

  @IsString()
  SERVICE_NAME: string = 'example';
}

describe(configValidator.name, () => {
  const validate = configValidator(ExampleConfig);

  it('converts strings and applies defaults', () => {
    const config = validate({ PORT: '3001', PUBLIC_URL: 'http://localhost:3001' });
    expect(config.PORT).toBe(3001);
    expect(config.SERVICE_NAME).toBe('example');
  });

  it('lists every bad key in one error', () => {
    expect(() => validate({ PORT: 'seventy', PUBLIC_URL: 'not a url' })).toThrow(
      /PORT: PORT must be an integer number[\s\S]*PUBLIC_URL: PUBLIC_URL must be a URL address/,
    );
  });
});
