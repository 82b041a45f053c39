import 'reflect-metadata';
import { bootstrap } from './bootstrap';

bootstrap()
  .then(({ settings, generatedAdminKey }) => {
    const lines = [
      '',
      `scimflow is running (embedded mode, data in ${settings.dataDir})`,
      `  Admin portal:    ${settings.publicUrl}/`,
      `  Management API:  ${settings.publicUrl}/api/v1  (OpenAPI: ${settings.publicUrl}/api/docs)`,
      `  SCIM endpoints:  ${settings.publicUrl}/scim/v2/{directoryId}`,
      generatedAdminKey
        ? `  Admin API key (generated now, shown once, stored in ${settings.dataDir}/admin-api-key):\n    ${settings.adminApiKey}`
        : '  Admin API key:   ADMIN_API_KEY, or the one stored in DATA_DIR/admin-api-key',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
