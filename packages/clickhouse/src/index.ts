export { Sql, SqlValueError, ident, join, literal, quoteString, sql, unsafeRaw, type SqlValue } from './sql';
export { openClickHouse, dropDatabase, type ClickHouse, type ClickHouseOptions } from './client';
export { RowBinaryWriter } from './row-binary';
export {
  migrate,
  readMigrations,
  splitStatements,
  MIGRATIONS_DIR,
  type Migration,
  type MigrationResult,
} from './migrate';
export { ClickHouseEnv, clickHouseOptionsFromEnv } from './env';
