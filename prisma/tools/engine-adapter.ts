import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';

const CHAR_OID = 18;
const TEXT_OID = 25;

interface PgField {
  dataTypeID: number;
}
interface PerformIO {
  performIO(query: SqlQuery): Promise<{ fields: PgField[] }>;
}
interface PgInternals {
  underlyingDriver(): { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
}

/**
 * The adapter fixes the schema engine needs from adapter-pg 7.10: `"char"` columns (below) and whole-script
 * execution. adapter-pg runs a migration script by splitting it on every ";", which breaks function bodies
 * and comments; Postgres' simple query protocol runs a multi-statement script as it is (as the official
 * engine does).
 */
export function fitForSchemaEngine<A extends SqlDriverAdapter>(adapter: A): A {
  const internals = adapter as unknown as PgInternals;
  adapter.executeScript = async (script: string) => {
    try {
      await internals.underlyingDriver().query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return acceptCharColumns(adapter);
}

/**
 * adapter-pg 7.10 rejects Postgres' one-byte `"char"` type (pg_catalog's relkind, contype...), which the
 * schema engine's introspection reads. Report such columns as text to the adapter, then as Character to
 * the engine. Keyed by the query object, which queryRaw hands unchanged to performIO.
 */
function acceptCharColumns<A extends SqlDriverAdapter>(adapter: A): A {
  const io = adapter as unknown as PerformIO;
  const performIO = io.performIO.bind(adapter);
  const queryRaw = adapter.queryRaw.bind(adapter);
  const charColumns = new WeakMap<SqlQuery, number[]>();
  io.performIO = async (query) => {
    const result = await performIO(query);
    const found: number[] = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        found.push(i);
      }
    });
    if (found.length) charColumns.set(query, found);
    return result;
  };
  adapter.queryRaw = async (query: SqlQuery): Promise<SqlResultSet> => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return adapter;
}
