import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ManagementApiException } from './management-api.exception';
import { MANAGEMENT_API_OPTIONS, type ManagementApiOptions } from './management-api.tokens';
import { sameSecret } from './secret-hash';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Lets a request through only with `Authorization: Bearer <ADMIN_API_KEY>`, compared in constant time. */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  constructor(@Inject(MANAGEMENT_API_OPTIONS) private readonly options: ManagementApiOptions) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const given = header ? BEARER.exec(header)?.[1] : undefined;
    if (given === undefined) throw ManagementApiException.unauthorized();
    const expected = this.options.adminApiKey;
    if (!sameSecret(given, expected) || expected.length === 0) {
      throw ManagementApiException.unauthorized('The bearer token is not the admin API key.');
    }
    return true;
  }
}
