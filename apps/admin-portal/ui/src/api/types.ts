// The management API's shapes, as the portal reads them (see /api/docs-json).

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** A page of an event log: the cursor always continues (polling), hasMore says whether more follow now. */
export interface EventPage<T> {
  data: T[];
  nextCursor: string;
  hasMore: boolean;
}

export interface Organization {
  id: string;
  name: string;
  externalId: string | null;
  createdAt: string;
}

export interface Provider {
  id: string;
  name: string;
  description: string;
  setupSteps: string[];
}

export interface Directory {
  id: string;
  organizationId: string;
  provider: string;
  name: string;
  endpointUrl: string;
  status: 'pending' | 'active';
  stats: { users: number; groups: number };
  lastRequestAt: string | null;
  activatedAt: string | null;
  createdAt: string;
}

export interface CreatedDirectory {
  id: string;
  organizationId: string;
  provider: string;
  name: string;
  endpointUrl: string;
  bearerToken: string;
  createdAt: string;
}

export interface TokenRotation {
  bearerToken: string;
  previousTokenExpiresAt: string;
}

export interface MultiValuedAttribute {
  value: string;
  type?: string;
  primary?: boolean;
}

export interface DirectoryUser {
  id: string;
  directoryId: string;
  organizationId: string;
  externalId: string | null;
  userName: string;
  email: string | null;
  emails: MultiValuedAttribute[];
  givenName: string | null;
  familyName: string | null;
  displayName: string | null;
  active: boolean;
  title: string | null;
  department: string | null;
  employeeNumber: string | null;
  costCenter: string | null;
  division: string | null;
  manager: { value: string | null; displayName: string | null } | null;
  phoneNumbers: MultiValuedAttribute[];
  locale: string | null;
  customAttributes: Record<string, unknown>;
  rawAttributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface DirectoryUserDetail extends DirectoryUser {
  groups: { id: string; displayName: string }[];
  roles: { id: string; key: string; name: string }[];
}

export interface DirectoryGroup {
  id: string;
  directoryId: string;
  organizationId: string;
  externalId: string | null;
  displayName: string;
  memberCount: number;
  rawAttributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface EventEnvelope {
  id: string;
  type: string;
  version: number;
  sequence: number;
  occurredAt: string;
  organizationId: string;
  directoryId: string;
  data: Record<string, unknown>;
  previousAttributes?: Record<string, unknown>;
}

export interface EventType {
  type: string;
  version: number;
  description: string;
}

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

export interface Role {
  key: string;
  name: string;
  description: string;
  priority: number;
  isDefault: boolean;
}

export type MappingMode = 'multiple' | 'highest-priority';

export interface MappingRule {
  group: { id?: string; displayName?: string };
  roles: string[];
}

export interface RoleMappingInput {
  mode: MappingMode;
  defaultRole: string | null;
  rules: MappingRule[];
}

export interface RoleMapping extends RoleMappingInput {
  organizationId: string;
  version: number;
  updatedAt: string | null;
}

export interface RoleMappingPreview {
  usersGaining: { userId: string; roles: string[] }[];
  usersLosing: { userId: string; roles: string[] }[];
  counts: { gaining: number; losing: number; unchanged: number };
}

export interface RecomputeStatus {
  status: 'idle' | 'running' | 'done';
  total: number;
  done: number;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface UserRoles {
  roles: { key: string; name: string; grantedBy: { groupId: string; displayName: string | null }[] }[];
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  organizationId: string | null;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreatedWebhookEndpoint extends WebhookEndpoint {
  secret: string;
}

export interface SecretRotation {
  secret: string;
  previousSecretExpiresAt: string;
}

export type DeliveryStatus = 'pending' | 'failed' | 'succeeded' | 'dead';

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  directoryId: string;
  sequence: number;
  replayId: string | null;
  status: DeliveryStatus;
  attempts: {
    attemptedAt: string;
    httpStatus: number | null;
    durationMs: number;
    responseBody: string | null;
    error: string | null;
  }[];
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PortalLink {
  id: string;
  organizationId: string;
  status: 'active' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedPortalLink {
  id: string;
  organizationId: string;
  url: string;
  expiresAt: string;
  createdAt: string;
}

export interface PortalSession {
  sessionToken: string;
  organizationId: string;
  expiresAt: string;
  linkExpiresAt: string;
}
