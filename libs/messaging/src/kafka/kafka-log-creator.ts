import type { LoggerService } from '@nestjs/common';
import { type logCreator, logLevel } from 'kafkajs';

/**
 * kafkajs lines that say nothing the bus does not say better: every error response of a request
 * (retried, and reported by the producer, consumer or our own errors when it matters), and the
 * warning about the producer's limited retries, which is deliberate (see KafkaMessageBus).
 */
const demoted = (namespace: string, message: string): boolean =>
  namespace === 'Connection' || message.startsWith('Limiting retries for the idempotent producer');

/** Routes kafkajs' log lines to the service's logger, with their structured fields inline. */
export function kafkaLogCreator(logger: LoggerService): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const details = Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
      const line = `kafkajs ${namespace}: ${message}${details}`;
      if (demoted(namespace, message)) logger.debug?.(line);
      else if (level === logLevel.ERROR) logger.error(line);
      else if (level === logLevel.WARN) logger.warn(line);
      else if (level === logLevel.INFO) logger.log(line);
      else logger.debug?.(line);
    };
}

function safeJson(fields: object): string {
  try {
    return JSON.stringify(fields);
  } catch {
    return '{…}';
  }
}
