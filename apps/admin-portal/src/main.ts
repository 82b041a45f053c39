import 'reflect-metadata';
import { bootstrap } from './bootstrap';

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
