/**
 * Frozen: personal data at rest (issue 11, item 3). ID numbers and second-factor secrets are
 * sealed with AES-256-GCM (lib/field-crypto.ts) under keys kept outside the database; ID numbers
 * are looked up by a keyed hash.
 * - learners.id_number → `id_number_enc` (sealed under `learners.id_number`) + `id_number_hash`;
 *   the identity's unique key becomes (id_type, id_number_hash).
 * - certificates.holder_id_number → `holder_id_number_enc` + `holder_id_number_hash` (indexed:
 *   public verification by ID number + name).
 * - second_factors.secret → `secret_enc`.
 * Existing rows are converted here with the installation's keys, which migrate.ts hands in (read
 * only when there is a row to convert). The plain columns are renamed, then overwritten: SQLite
 * cannot drop a column that a table constraint names, so on SQLite the old unique constraint stays
 * over (id_type, id_number_enc), where it is harmless (sealed values never repeat); on PostgreSQL
 * it is dropped. Pages that held the plain values are compacted after the migration (migrate.ts).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../sql-helpers.js';
import { ID_NUMBER_LOOKUP, normalizeIdNumber } from '../../lib/personal-data.js';

/** What the migration needs of the installation's keys (a FieldCipher). */
export interface MigrationCipher {
  seal(plain: string, field: string): string;
  lookup(field: string, normalized: string): string;
}

const SEALED = /^f1\./;
const BATCH = 1000;

export function personalDataMigration(keys: () => MigrationCipher): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      const pg = dialectOf(db) === 'postgres';
      const steps = async (t: Kysely<any>) => {
        // ---- learners
        await t.schema.alterTable('learners').renameColumn('id_number', 'id_number_enc').execute();
        if (pg) {
          await t.schema.alterTable('learners').dropConstraint('learners_identity_uq').execute();
          await t.schema
            .alterTable('learners')
            .alterColumn('id_number_enc', (c) => c.setDataType('text'))
            .execute();
        }
        await t.schema
          .alterTable('learners')
          .addColumn('id_number_hash', 'varchar(64)', (c) => c.notNull().defaultTo(''))
          .execute();
        await convert(t, pg, keys, {
          table: 'learners',
          key: 'id',
          column: 'id_number_enc',
          hash: 'id_number_hash',
          field: 'learners.id_number',
        });
        await t.schema
          .createIndex('learners_identity_hash_uq')
          .on('learners')
          .columns(['id_type', 'id_number_hash'])
          .unique()
          .execute();

        // ---- certificates
        await t.schema.dropIndex('certificates_holder_idx').execute();
        await t.schema.alterTable('certificates').renameColumn('holder_id_number', 'holder_id_number_enc').execute();
        if (pg)
          await t.schema
            .alterTable('certificates')
            .alterColumn('holder_id_number_enc', (c) => c.setDataType('text'))
            .execute();
        await t.schema
          .alterTable('certificates')
          .addColumn('holder_id_number_hash', 'varchar(64)', (c) => c.notNull().defaultTo(''))
          .execute();
        await convert(t, pg, keys, {
          table: 'certificates',
          key: 'id',
          column: 'holder_id_number_enc',
          hash: 'holder_id_number_hash',
          field: 'certificates.holder_id_number',
        });
        await t.schema
          .createIndex('certificates_holder_hash_idx')
          .on('certificates')
          .column('holder_id_number_hash')
          .execute();

        // ---- second factors
        await t.schema.alterTable('second_factors').renameColumn('secret', 'secret_enc').execute();
        if (pg)
          await t.schema
            .alterTable('second_factors')
            .alterColumn('secret_enc', (c) => c.setDataType('text'))
            .execute();
        await convert(t, pg, keys, {
          table: 'second_factors',
          key: 'user_id',
          column: 'secret_enc',
          hash: null,
          field: 'second_factors.secret',
        });

        if (pg) {
          // every writer sets the hash: no default to fall back on
          await t.schema
            .alterTable('learners')
            .alterColumn('id_number_hash', (c) => c.dropDefault())
            .execute();
          await t.schema
            .alterTable('certificates')
            .alterColumn('holder_id_number_hash', (c) => c.dropDefault())
            .execute();
        }
      };
      // PostgreSQL runs each migration in a transaction; Kysely runs SQLite's outside one
      if (pg) await steps(db);
      else await db.transaction().execute(steps);
    },
    async down(): Promise<void> {
      throw new Error('migrations are frozen');
    },
  };
}

interface Conversion {
  table: string;
  key: string;
  /** holds the plain value before, the sealed value after */
  column: string;
  /** the look-up hash column to fill, if any */
  hash: string | null;
  /** the field name the value is sealed under */
  field: string;
}

/** Seals every plain value of a column in key order, a batch at a time, and fills its look-up hash. */
async function convert(db: Kysely<any>, pg: boolean, keys: () => MigrationCipher, c: Conversion) {
  let after: number | null = null;
  for (;;) {
    let q = db.selectFrom(c.table).select([`${c.key} as k`, `${c.column} as v`]);
    if (after !== null) q = q.where(c.key, '>', after);
    const rows = (await q.orderBy(c.key).limit(BATCH).execute()) as { k: number; v: string }[];
    if (!rows.length) return;
    after = rows[rows.length - 1].k;
    const todo = rows.filter((r) => !SEALED.test(r.v));
    if (!todo.length) continue;
    const cipher = keys();
    const out = todo.map((r) => ({
      k: r.k,
      enc: cipher.seal(c.hash ? normalizeIdNumber(r.v) : r.v, c.field),
      hash: c.hash ? cipher.lookup(ID_NUMBER_LOOKUP, normalizeIdNumber(r.v)) : '',
    }));
    if (pg) {
      const values = sql.join(out.map((o) => sql`(${o.k}::integer, ${o.enc}, ${o.hash})`));
      const set = c.hash
        ? sql`${sql.ref(c.column)} = v.enc, ${sql.ref(c.hash)} = v.hash`
        : sql`${sql.ref(c.column)} = v.enc`;
      await sql`update ${sql.table(c.table)} as t set ${set} from (values ${values}) as v(k, enc, hash) where t.${sql.ref(c.key)} = v.k`.execute(
        db,
      );
    } else {
      for (const o of out) {
        await db
          .updateTable(c.table)
          .set(c.hash ? { [c.column]: o.enc, [c.hash]: o.hash } : { [c.column]: o.enc })
          .where(c.key, '=', o.k)
          .execute();
      }
    }
  }
}
