// Prisma 7 configuration. The runtime connects through @prisma/adapter-pg; migrations run through the
// project's own tool (prisma/tools), because the official migrate CLI needs a native engine download.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
