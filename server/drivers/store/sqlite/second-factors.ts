import type Database from 'better-sqlite3'
import { DuplicateKeyError, type PasskeyRecord, type SecondFactorRepository, type TotpFactorRecord } from '../types'

// Second factors: sealed TOTP secrets, hashes of recovery codes, passkeys' public keys.

interface TotpRow {
  user_id: string
  sealed_secret: string
  created_at: string
  confirmed_at: string | null
  last_step: number | null
  last_used_at: string | null
}

interface PasskeyRow {
  id: string
  user_id: string
  name: string
  public_key: string
  counter: number
  /** JSON array. */
  transports: string
  created_at: string
  last_used_at: string | null
}

const toTotp = (row: TotpRow): TotpFactorRecord => ({
  userId: row.user_id, sealedSecret: row.sealed_secret, createdAt: row.created_at, confirmedAt: row.confirmed_at,
  lastStep: row.last_step, lastUsedAt: row.last_used_at,
})

const toPasskey = (row: PasskeyRow): PasskeyRecord => ({
  id: row.id, userId: row.user_id, name: row.name, publicKey: row.public_key, counter: row.counter,
  transports: JSON.parse(row.transports) as string[], createdAt: row.created_at, lastUsedAt: row.last_used_at,
})

export class SqliteSecondFactors implements SecondFactorRepository {
  constructor(private readonly db: Database.Database) {}

  async putTotp(factor: TotpFactorRecord) {
    this.db.prepare(`INSERT OR REPLACE INTO totp_factors (user_id, sealed_secret, created_at, confirmed_at, last_step, last_used_at)
      VALUES (@userId, @sealedSecret, @createdAt, @confirmedAt, @lastStep, @lastUsedAt)`).run(factor)
  }

  async getTotp(userId: string) {
    const row = this.db.prepare('SELECT * FROM totp_factors WHERE user_id = ?').get(userId) as TotpRow | undefined
    return row ? toTotp(row) : null
  }

  async confirmTotp(userId: string, at: string) {
    this.db.prepare('UPDATE totp_factors SET confirmed_at = ? WHERE user_id = ? AND confirmed_at IS NULL').run(at, userId)
  }

  async useTotpStep(userId: string, step: number, at: string) {
    // One conditional update: of two requests with the same code, only one changes the row.
    return this.db.prepare(`UPDATE totp_factors SET last_step = ?, last_used_at = ?
      WHERE user_id = ? AND (last_step IS NULL OR last_step < ?)`).run(step, at, userId, step).changes > 0
  }

  async removeTotp(userId: string) {
    return this.db.prepare('DELETE FROM totp_factors WHERE user_id = ?').run(userId).changes > 0
  }

  async replaceRecoveryCodes(userId: string, hashes: string[]) {
    const insert = this.db.prepare('INSERT INTO recovery_codes (hash, user_id) VALUES (?, ?)')
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId)
      for (const hash of hashes) insert.run(hash, userId)
    })()
  }

  async listRecoveryCodes(userId: string) {
    return (this.db.prepare('SELECT hash FROM recovery_codes WHERE user_id = ?').all(userId) as { hash: string }[]).map(row => row.hash)
  }

  async useRecoveryCode(userId: string, hash: string) {
    return this.db.prepare('DELETE FROM recovery_codes WHERE hash = ? AND user_id = ?').run(hash, userId).changes > 0
  }

  async countRecoveryCodes(userId: string) {
    return (this.db.prepare('SELECT COUNT(*) AS count FROM recovery_codes WHERE user_id = ?').get(userId) as { count: number }).count
  }

  async removeRecoveryCodes(userId: string) {
    this.db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId)
  }

  async addPasskey(passkey: PasskeyRecord) {
    try {
      this.db.prepare(`INSERT INTO passkeys (id, user_id, name, public_key, counter, transports, created_at, last_used_at)
        VALUES (@id, @userId, @name, @publicKey, @counter, @transports, @createdAt, @lastUsedAt)`)
        .run({ ...passkey, transports: JSON.stringify(passkey.transports) })
    }
    catch (error) {
      if (error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT')) throw new DuplicateKeyError('id')
      throw error
    }
  }

  async getPasskey(id: string) {
    const row = this.db.prepare('SELECT * FROM passkeys WHERE id = ?').get(id) as PasskeyRow | undefined
    return row ? toPasskey(row) : null
  }

  async listPasskeys(userId: string) {
    const rows = this.db.prepare('SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at, id').all(userId) as PasskeyRow[]
    return rows.map(toPasskey)
  }

  async usePasskey(id: string, counter: number, at: string) {
    this.db.prepare('UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?').run(counter, at, id)
  }

  async removePasskey(userId: string, id: string) {
    return this.db.prepare('DELETE FROM passkeys WHERE id = ? AND user_id = ?').run(id, userId).changes > 0
  }
}
