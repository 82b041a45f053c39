import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stdSerializers } from 'pino';
import { REDACTED_PATHS } from './redaction';

export interface LoggingOptions {
  service: string;
  version: string;
  level?: string;
}

/**
 * What a request's log lines say about it. pino-http's default serializes every header into each request's child
 * logger, eagerly, whatever the level: with the redaction of those headers that was about a tenth of the CPU of a
 * SCIM lookup. The request log (`/api/v1/directories/{id}/requests`) keeps the detail of SCIM requests.
 */
export function requestFields(request: IncomingMessage & { originalUrl?: string }): Record<string, unknown> {
  return {
    method: request.method,
    // Express shortens `url` inside a router mounted on a path (the SCIM pipeline's lines are written there)
    url: request.originalUrl ?? request.url,
    userAgent: request.headers['user-agent'],
    remoteAddress: request.socket?.remoteAddress,
  };
}

function responseFields(response: ServerResponse): Record<string, unknown> {
  return { statusCode: response.statusCode };
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
            wrapSerializers: false,
            serializers: { req: requestFields, res: responseFields, err: stdSerializers.err },
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
