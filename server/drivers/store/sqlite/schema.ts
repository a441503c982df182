import type Database from 'better-sqlite3'

const hasColumn = (db: Database.Database, table: string, column: string) =>
  (db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column)) !== undefined

/**
 * Collections, their shares, and each document's collection. Safe to run again over a database that has any
 * part of it already (branches number their migrations independently).
 */
function addCollections(db: Database.Database) {
  if (!hasColumn(db, 'documents', 'collection_id')) db.exec('ALTER TABLE documents ADD COLUMN collection_id TEXT')
  db.exec(`CREATE INDEX IF NOT EXISTS documents_collection ON documents (collection_id, created_at DESC, id DESC);
    CREATE TABLE IF NOT EXISTS collections (
      id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS collections_owner ON collections (owner_id, created_at DESC, id DESC);
    CREATE TABLE IF NOT EXISTS collection_shares (
      collection_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (collection_id, user_id));
    CREATE INDEX IF NOT EXISTS collection_shares_user ON collection_shares (user_id);`)
}

/**
 * Schema versions, applied in order; `PRAGMA user_version` records how many ran. A migration is SQL, or a
 * function for steps SQLite cannot make idempotent by itself (adding a column).
 */
const migrations: (string | ((db: Database.Database) => void))[] = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL,
     password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE documents (
     id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, title TEXT NOT NULL, filename TEXT NOT NULL,
     format TEXT NOT NULL, size INTEGER NOT NULL, file_key TEXT NOT NULL, status TEXT NOT NULL,
     progress REAL NOT NULL, stage TEXT, atom_count INTEGER NOT NULL, error TEXT, version INTEGER NOT NULL,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE INDEX documents_owner ON documents (owner_id, created_at DESC, id DESC);
   CREATE INDEX documents_status ON documents (status);
   CREATE TABLE document_shares (
     document_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (document_id, user_id));
   CREATE INDEX document_shares_user ON document_shares (user_id);
   CREATE TABLE atoms (
     id TEXT PRIMARY KEY, document_id TEXT NOT NULL, position INTEGER NOT NULL, data TEXT NOT NULL);
   CREATE INDEX atoms_document ON atoms (document_id, position);`,
  addCollections,
  // Later migrations may run over what they made (see addCollections), so they only add what is missing.
  `CREATE TABLE IF NOT EXISTS review_logs (
     id TEXT PRIMARY KEY, user_id TEXT NOT NULL, reviewed_at TEXT NOT NULL, data TEXT NOT NULL);
   CREATE INDEX IF NOT EXISTS review_logs_user ON review_logs (user_id, reviewed_at DESC, id DESC);
   CREATE TABLE IF NOT EXISTS card_states (
     user_id TEXT NOT NULL, card_id TEXT NOT NULL, document_id TEXT NOT NULL, due TEXT NOT NULL, data TEXT NOT NULL,
     PRIMARY KEY (user_id, card_id));
   CREATE INDEX IF NOT EXISTS card_states_due ON card_states (user_id, due, card_id);
   CREATE INDEX IF NOT EXISTS card_states_document ON card_states (document_id);`,
  `CREATE TABLE IF NOT EXISTS type_labels (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);`,
  `CREATE INDEX IF NOT EXISTS users_newest ON users (created_at DESC, id DESC);`,
  `CREATE TABLE IF NOT EXISTS schedule_fits (user_id TEXT PRIMARY KEY, data TEXT NOT NULL);`,
  addAtomEmbeddings,
  addEmbeddingVersions,
  `CREATE TABLE IF NOT EXISTS invitations (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, target_id TEXT NOT NULL, email TEXT NOT NULL, role TEXT NOT NULL,
     inviter_id TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (kind, target_id, email));
   CREATE INDEX IF NOT EXISTS invitations_email ON invitations (email, created_at, id);`,
  `CREATE TABLE IF NOT EXISTS key_terms (document_id TEXT PRIMARY KEY, data TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS term_labels (seq INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL, data TEXT NOT NULL);
   CREATE INDEX IF NOT EXISTS term_labels_document ON term_labels (document_id, seq);`,
  `CREATE TABLE IF NOT EXISTS access_tokens (
     id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, scopes TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
     last_four TEXT NOT NULL, family_id TEXT NOT NULL, generation INTEGER NOT NULL, created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL, last_used_at TEXT, rotated_at TEXT, revoked_at TEXT, UNIQUE (family_id, generation));
   CREATE INDEX IF NOT EXISTS access_tokens_user ON access_tokens (user_id, created_at DESC, id DESC);`,
  `CREATE TABLE IF NOT EXISTS totp_factors (
     user_id TEXT PRIMARY KEY, sealed_secret TEXT NOT NULL, created_at TEXT NOT NULL, confirmed_at TEXT,
     last_step INTEGER, last_used_at TEXT);
   CREATE TABLE IF NOT EXISTS recovery_codes (hash TEXT PRIMARY KEY, user_id TEXT NOT NULL);
   CREATE INDEX IF NOT EXISTS recovery_codes_user ON recovery_codes (user_id);
   CREATE TABLE IF NOT EXISTS passkeys (
     id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, public_key TEXT NOT NULL, counter INTEGER NOT NULL,
     transports TEXT NOT NULL, created_at TEXT NOT NULL, last_used_at TEXT);
   CREATE INDEX IF NOT EXISTS passkeys_user ON passkeys (user_id, created_at, id);
   CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  addSignInIdentities,
  `CREATE TABLE IF NOT EXISTS oauth_clients (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, scopes TEXT NOT NULL, secret_hash TEXT NOT NULL, owner_id TEXT NOT NULL,
     created_at TEXT NOT NULL, revoked_at TEXT);
   CREATE TABLE IF NOT EXISTS signing_keys (
     id TEXT PRIMARY KEY, algorithm TEXT NOT NULL, public_jwk TEXT NOT NULL, private_jwk TEXT NOT NULL,
     created_at TEXT NOT NULL, retired_at TEXT, expires_at TEXT);`,
]

/** Disabled accounts, provider accounts linked to users (single sign-on), and one-time password reset links. */
function addSignInIdentities(db: Database.Database) {
  if (!hasColumn(db, 'users', 'disabled_at')) db.exec('ALTER TABLE users ADD COLUMN disabled_at TEXT')
  db.exec(`CREATE TABLE IF NOT EXISTS user_identities (
      provider TEXT NOT NULL, subject TEXT NOT NULL, user_id TEXT NOT NULL, email TEXT, created_at TEXT NOT NULL,
      PRIMARY KEY (provider, subject));
    CREATE INDEX IF NOT EXISTS user_identities_user ON user_identities (user_id, created_at);
    CREATE TABLE IF NOT EXISTS password_resets (
      hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT);
    CREATE INDEX IF NOT EXISTS password_resets_user ON password_resets (user_id);`)
}

/** Atoms' embeddings as float32 bytes beside the JSON, which display reads then never parse. */
function addAtomEmbeddings(db: Database.Database) {
  const columns = db.prepare('PRAGMA table_info(atoms)').all() as { name: string }[]
  if (!columns.some(column => column.name === 'embedding')) db.exec('ALTER TABLE atoms ADD COLUMN embedding BLOB')
}

/** The encoder version of each stored vector: vectors of two encoders are never compared. */
function addEmbeddingVersions(db: Database.Database) {
  const columns = db.prepare('PRAGMA table_info(atoms)').all() as { name: string }[]
  if (!columns.some(column => column.name === 'embedding_version')) db.exec('ALTER TABLE atoms ADD COLUMN embedding_version TEXT')
}

/** Brings the database's schema up to date: runs the migrations it has not run yet, each in a transaction. */
export function migrate(db: Database.Database) {
  const applied = db.pragma('user_version', { simple: true }) as number
  for (let version = applied; version < migrations.length; version++) {
    db.transaction(() => {
      const migration = migrations[version]!
      if (typeof migration === 'string') db.exec(migration)
      else migration(db)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}
