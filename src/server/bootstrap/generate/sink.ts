// Bulk writers for the generator: COPY … FROM STDIN on PostgreSQL (one COPY per batch, text format),
// multi-row INSERT on PGlite. Statement-level triggers (the dashboard roll-ups) fire for both.
// The generator is a development and benchmark tool: pg-copy-streams is a devDependency, loaded only
// here, so a production install (npm ci --omit=dev) runs the server and the CLI without it.
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.js';

export type Value = string | number | boolean | null;

export interface Sink {
  readonly kind: 'copy' | 'insert';
  /** Writes the rows; columns may include an identity column (its values are kept). */
  write(table: string, columns: readonly string[], rows: Value[][]): Promise<void>;
  close(): Promise<void>;
}

const copyText = (v: Value): string => {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : v;
};

async function loadCopyFrom(): Promise<typeof import('pg-copy-streams').from> {
  try {
    return (await import('pg-copy-streams')).from;
  } catch {
    throw new Error(
      'generate on PostgreSQL loads with COPY through pg-copy-streams, a development dependency: run it from a full install (npm ci, not --omit=dev)',
    );
  }
}

export async function copySink(databaseUrl: string): Promise<Sink> {
  const copyFrom = await loadCopyFrom();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // A bulk load of synthetic data: no need to wait for the WAL flush of every batch.
  await client.query('SET synchronous_commit = off');
  return {
    kind: 'copy',
    async write(table, columns, rows) {
      if (!rows.length) return;
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', () => resolve());
        stream.on('error', reject);
      });
      let buf = '';
      for (const row of rows) {
        buf += `${row.map(copyText).join('\t')}\n`;
        if (buf.length > 1 << 16) {
          if (!stream.write(buf)) await new Promise((r) => stream.once('drain', r));
          buf = '';
        }
      }
      stream.end(buf);
      await done;
    },
    close: () => client.end(),
  };
}

const literal = (v: Value): string => {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
};

export function insertSink(db: Kysely<Database>, batch = 500): Sink {
  return {
    kind: 'insert',
    async write(table, columns, rows) {
      for (let i = 0; i < rows.length; i += batch) {
        const values = rows
          .slice(i, i + batch)
          .map((r) => `(${r.map(literal).join(', ')})`)
          .join(',\n');
        const override = columns.includes('id') ? ' OVERRIDING SYSTEM VALUE' : '';
        await sql.raw(`INSERT INTO ${table} (${columns.join(', ')})${override} VALUES ${values}`).execute(db);
      }
    },
    close: async () => {},
  };
}
