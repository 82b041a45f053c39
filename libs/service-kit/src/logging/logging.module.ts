import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { REDACTED_PATHS } from './redaction';

export interface LoggingOptions {
  service: string;
  version: string;
  level?: string;
}

/** JSON logs with `service` and `version` on every line, secrets redacted, a correlation id per request. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level ?? 'info',
            base: { service: options.service, version: options.version },
            redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
            genReqId: (request: IncomingMessage) => {
              const given = request.headers['x-correlation-id'];
              return typeof given === 'string' && given.length > 0 && given.length <= 128
                ? given
                : randomUUID();
            },
            customProps: (request: IncomingMessage) => ({ correlationId: request.id }),
            // Health probes every few seconds would drown everything else.
            autoLogging: { ignore: (request: IncomingMessage) => (request.url ?? '').startsWith('/health') },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
