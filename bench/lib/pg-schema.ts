import pg from 'pg';

/** Runs `work` with a throwaway schema in the PostgreSQL database at `url`, dropped afterwards. */
export async function withTemporarySchema(
  url: string,
  prefix: string,
  work: (schema: string) => Promise<void>,
): Promise<void> {
  const schema = `${prefix}_${process.pid}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create schema ${schema}`);
  try {
    await work(schema);
  } finally {
    await c.query(`drop schema ${schema} cascade`);
    await c.end();
  }
}
