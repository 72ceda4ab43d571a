// Loads Prisma's schema engine compiled to WebAssembly and connects it through @prisma/adapter-pg, so
// migrations run with no native engine download. It writes the same `_prisma_migrations` table (with the
// sha256 checksum of each migration.sql) as the official CLI, so either can be used on a database.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { fitForSchemaEngine } from './engine-adapter.ts';
import { adminQuery, enginePool, pgConfigFromUrl } from './pg-config.ts';

let wasmReady: Promise<void> | undefined;

/** Instantiates the .wasm by hand: a plain import of a .wasm file needs an experimental Node flag. */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const bytes = await readFile(join(dir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  })();
  return wasmReady;
}

export const noFilters = { externalTables: [], externalEnums: [] };

export interface EngineHandle {
  engine: SchemaEngine;
  log: string[];
}

/**
 * Opens a schema engine on `databaseUrl`. Diffs against the migrations folder replay them in a
 * temporary shadow database on the same server.
 */
export async function openSchemaEngine(databaseUrl: string, schemaPath: string): Promise<EngineHandle> {
  await loadWasm();
  const main = pgConfigFromUrl(databaseUrl);
  const factory = new PrismaPg(await enginePool(main));
  const migrationAware = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => fitForSchemaEngine(await factory.connect()),
    // adapter-pg's own shadow database cleanup drops the database while its pool is still connected;
    // create and drop it ourselves, with FORCE.
    connectToShadowDb: async () => {
      const name = `${main.database}_shadow_${randomBytes(4).toString('hex')}`;
      await adminQuery(main, `CREATE DATABASE "${name}"`);
      const pool = await enginePool({ ...main, database: name });
      const adapter = fitForSchemaEngine(await new PrismaPg(pool).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await pool.end().catch(() => undefined);
        await adminQuery(main, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return adapter;
    },
  };
  const log: string[] = [];
  const schema = await readFile(schemaPath, 'utf8');
  const { SchemaEngine: Engine } = bindings;
  const engine = (await Engine.new(
    { datamodels: [[schemaPath, schema]] },
    (line: string) => log.push(line),
    bindMigrationAwareSqlAdapterFactory(
      migrationAware as Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0],
    ),
  )) as SchemaEngine;
  return { engine, log };
}
