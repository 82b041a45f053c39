import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebhookDeliveryErrorCode, WebhookDeliveryException } from '../webhook-delivery.exception';
import { forbiddenAddressReason } from './egress-policy';

/** What the delivery log keeps of a response: its first bytes only. */
export const RESPONSE_BODY_LIMIT = 4096;

export interface WebhookHttpClientOptions {
  /** The whole attempt (connect, answer, first 4 KB of the body) must fit in this. */
  timeoutMs: number;
  /** Reach loopback and private addresses too (local development, tests). */
  allowPrivateNetworks: boolean;
  /** Sockets kept per host and in all; the dispatcher's own limits keep requests below it. */
  maxSockets: number;
  userAgent?: string;
}

/** The outcome of one POST. */
export interface WebhookAttemptResult {
  /** 2xx within the time limit. */
  succeeded: boolean;
  /** The dispatcher stopped mid-attempt: not an attempt of the endpoint's, nothing to record. */
  aborted: boolean;
  httpStatus: number | null;
  durationMs: number;
  /** At most RESPONSE_BODY_LIMIT bytes, as UTF-8. */
  responseBody: string | null;
  error: string | null;
}

/**
 * POSTs webhooks safely: http(s) only, redirects not followed, a hard time limit, at most 4 KB of the answer read,
 * and no way into the internal network. Host names are resolved at send time by a lookup that refuses internal
 * addresses, and the socket connects to exactly the address that lookup approved, so a name that changes its
 * answer between a check and the connection (DNS rebinding) gains nothing. IP literals are checked before
 * connecting.
 */
export class WebhookHttpClient {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly userAgent: string;

  constructor(private readonly options: WebhookHttpClientOptions) {
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxTotalSockets: options.maxSockets,
    };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
    this.userAgent = options.userAgent ?? 'scimflow-webhooks';
  }

  async post(
    url: string,
    body: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<WebhookAttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let target: URL;
    try {
      target = this.checkTarget(url);
    } catch (error) {
      return failed(error, elapsed());
    }
    return new Promise<WebhookAttemptResult>((resolve) => {
      let settled = false;
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        lookup: this.lookup,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': this.userAgent,
          ...headers,
        },
      });
      const settle = (result: WebhookAttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const timer = setTimeout(() => {
        request.destroy(
          new WebhookDeliveryException(
            WebhookDeliveryErrorCode.timeout,
            `no answer within ${this.options.timeoutMs} ms`,
          ),
        );
      }, this.options.timeoutMs);
      const onAbort = () =>
        request.destroy(
          new WebhookDeliveryException(WebhookDeliveryErrorCode.aborted, 'the dispatcher stopped'),
        );
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();

      request.on('error', (error) => settle(failed(error, elapsed())));
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const complete = () =>
          settle({
            succeeded: status >= 200 && status < 300,
            aborted: false,
            httpStatus: status,
            durationMs: elapsed(),
            responseBody: size > 0 ? textOf(Buffer.concat(chunks)) : null,
            error: status >= 300 && status < 400 ? `redirect (${status}) not followed` : null,
          });
        response.on('data', (chunk: Buffer) => {
          const room = RESPONSE_BODY_LIMIT - size;
          if (room > 0) {
            chunks.push(chunk.subarray(0, room));
            size += Math.min(room, chunk.length);
          }
          // the rest is dropped unread: a huge or endless body costs nothing
          if (size >= RESPONSE_BODY_LIMIT) {
            complete();
            response.destroy();
          }
        });
        // a body cut short (time limit, reset) still leaves a status worth recording
        response.on('end', complete);
        response.on('error', complete);
        response.on('close', complete);
      });
      request.end(body);
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private checkTarget(url: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new WebhookDeliveryException(
        WebhookDeliveryErrorCode.invalidUrl,
        'the endpoint URL does not parse',
      );
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new WebhookDeliveryException(
        WebhookDeliveryErrorCode.invalidUrl,
        'only http and https endpoints are called',
      );
    }
    const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
    // Node connects to an IP literal without calling the lookup: check it here
    if (isIP(host) !== 0) this.assertAllowed(host);
    return target;
  }

  private assertAllowed(address: string): void {
    if (this.options.allowPrivateNetworks) return;
    const reason = forbiddenAddressReason(address);
    if (reason !== undefined) {
      throw new WebhookDeliveryException(
        WebhookDeliveryErrorCode.forbiddenAddress,
        `refused to connect to ${address}: ${reason} (WEBHOOK_ALLOW_PRIVATE_NETWORKS is off)`,
      );
    }
  }

  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      try {
        // every answer is checked, not just the first: the connection may go to any of them
        for (const { address } of addresses) this.assertAllowed(address);
      } catch (refusal) {
        callback(refusal as NodeJS.ErrnoException, '', 0);
        return;
      }
      const [first] = addresses;
      if (options.all) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
      else callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
    });
  };
}

function failed(error: unknown, durationMs: number): WebhookAttemptResult {
  const aborted =
    error instanceof WebhookDeliveryException && error.code === WebhookDeliveryErrorCode.aborted;
  return {
    succeeded: false,
    aborted,
    httpStatus: null,
    durationMs,
    responseBody: null,
    error: describe(error),
  };
}

function describe(error: unknown): string {
  if (error instanceof WebhookDeliveryException) return error.message;
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
      return 'host not found';
    case 'EAI_AGAIN':
      return 'DNS lookup failed (temporary)';
    case 'ECONNRESET':
      return 'connection closed before an answer';
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `network unreachable (${code})`;
    default:
      if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return `TLS failed (${code})`;
      return error instanceof Error ? error.message : String(error);
  }
}

/** Postgres text cannot hold NUL; a cut multi-byte character becomes U+FFFD. */
function textOf(bytes: Buffer): string {
  return bytes.toString('utf8').replaceAll(String.fromCharCode(0), '');
}
