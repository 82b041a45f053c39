/** Why an attempt got no usable answer from the endpoint. */
export const WebhookDeliveryErrorCode = {
  /** The endpoint URL does not parse or is not http(s). */
  invalidUrl: 'invalid_url',
  /** The endpoint resolves to a loopback, private, link-local or otherwise internal address. */
  forbiddenAddress: 'forbidden_address',
  /** No complete answer within WEBHOOK_TIMEOUT_MS. */
  timeout: 'timeout',
  /** DNS, TCP or TLS failed, or the connection closed before an answer. */
  connectionFailed: 'connection_failed',
  /** The dispatcher stopped (shutdown) while the attempt was in flight: it does not count. */
  aborted: 'aborted',
} as const;

export type WebhookDeliveryErrorCode =
  (typeof WebhookDeliveryErrorCode)[keyof typeof WebhookDeliveryErrorCode];

/** The one error of webhook sending; its message is what the delivery log shows for the attempt. */
export class WebhookDeliveryException extends Error {
  constructor(
    readonly code: WebhookDeliveryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = WebhookDeliveryException.name;
  }
}
