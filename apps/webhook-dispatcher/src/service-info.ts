export const SERVICE_NAME = 'webhook-dispatcher';
export const SERVICE_VERSION = process.env['npm_package_version'] ?? '0.1.0';
