import type { LoggerService } from '@nestjs/common';

/** Keeps log lines in memory: specs stay quiet and can assert what was logged. */
export class RecordingLogger implements LoggerService {
  readonly lines: Array<{ level: string; message: string }> = [];

  log(message: unknown): void {
    this.record('log', message);
  }

  error(message: unknown): void {
    this.record('error', message);
  }

  warn(message: unknown): void {
    this.record('warn', message);
  }

  debug(message: unknown): void {
    this.record('debug', message);
  }

  /** Lines whose message contains `text`. */
  matching(text: string): string[] {
    return this.lines.filter((line) => line.message.includes(text)).map((line) => line.message);
  }

  private record(level: string, message: unknown): void {
    this.lines.push({ level, message: String(message) });
  }
}
