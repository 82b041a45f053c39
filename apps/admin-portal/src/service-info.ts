export const SERVICE_NAME = 'admin-portal';
export const SERVICE_VERSION = process.env['npm_package_version'] ?? '0.1.0';
