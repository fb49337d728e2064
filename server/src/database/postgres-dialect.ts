/**
 * Kysely's PostgreSQL dialect, made fit for outages: when a transaction fails because its
 * connection is gone, the ROLLBACK that follows fails too ("not queryable") and would hide the
 * real error. The server rolled the transaction back when the connection ended, so that failed
 * ROLLBACK is dropped and the first error is the one that propagates.
 */
import {
  PostgresDialect,
  PostgresDriver,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
} from 'kysely';
import { isDatabaseUnavailable } from './failures.js';

class ServerPostgresDriver extends PostgresDriver {
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (e) {
      if (!isDatabaseUnavailable(e)) throw e;
    }
  }
}

export class ServerPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;
  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ServerPostgresDriver(this.#config);
  }
}
