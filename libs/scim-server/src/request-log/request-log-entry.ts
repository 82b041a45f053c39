import type { RequestLogEntryEntity } from './request-log-entry.entity';

/** One entry as the request-log API returns it. */
export interface RequestLogEntry {
  id: string;
  receivedAt: string;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  durationMs: number;
  provider: string;
  detectedProvider: string | null;
  requestBody: unknown;
  responseBody: unknown;
  notes: unknown[];
  warnings: unknown[];
  correlationId: string;
}

export interface RequestLogPage {
  data: RequestLogEntry[];
  nextCursor: string | null;
}

export function toRequestLogEntry(entity: RequestLogEntryEntity): RequestLogEntry {
  return {
    id: entity.id,
    receivedAt: entity.receivedAt.toISOString(),
    method: entity.method,
    path: entity.path,
    query: entity.query,
    status: entity.status,
    durationMs: entity.durationMs,
    provider: entity.provider,
    detectedProvider: entity.detectedProvider,
    requestBody: entity.requestBody,
    responseBody: entity.responseBody,
    notes: entity.normalization.notes,
    warnings: entity.normalization.warnings,
    correlationId: entity.correlationId,
  };
}
