import type Database from 'better-sqlite3'
import type { CollectionShareRole } from '../../../../shared/schemas/collection'
import type { InvitationKind, InvitationRecord, InvitationRepository } from '../types'

// Invitations: shares waiting for their invitee (a repository of its own, kept apart from the shares).

interface InvitationRow {
  id: string
  kind: InvitationKind
  target_id: string
  email: string
  role: CollectionShareRole
  inviter_id: string
  created_at: string
}

const toInvitation = (row: InvitationRow): InvitationRecord => ({
  id: row.id, kind: row.kind, targetId: row.target_id, email: row.email, role: row.role, inviterId: row.inviter_id, createdAt: row.created_at,
})

export class SqliteInvitations implements InvitationRepository {
  constructor(private readonly db: Database.Database) {}

  async put(invitation: InvitationRecord) {
    this.db.prepare(`INSERT INTO invitations (id, kind, target_id, email, role, inviter_id, created_at)
      VALUES (@id, @kind, @targetId, @email, @role, @inviterId, @createdAt)
      ON CONFLICT (kind, target_id, email) DO UPDATE SET role = excluded.role`).run(invitation)
    const row = this.db.prepare('SELECT * FROM invitations WHERE kind = ? AND target_id = ? AND email = ?')
      .get(invitation.kind, invitation.targetId, invitation.email) as InvitationRow
    return toInvitation(row)
  }

  async get(id: string) {
    const row = this.db.prepare('SELECT * FROM invitations WHERE id = ?').get(id) as InvitationRow | undefined
    return row ? toInvitation(row) : null
  }

  async listByEmail(email: string) {
    const rows = this.db.prepare('SELECT * FROM invitations WHERE email = ? ORDER BY created_at, id').all(email) as InvitationRow[]
    return rows.map(toInvitation)
  }

  async listByTarget(kind: InvitationKind, targetId: string) {
    const rows = this.db.prepare('SELECT * FROM invitations WHERE kind = ? AND target_id = ? ORDER BY created_at, id').all(kind, targetId) as InvitationRow[]
    return rows.map(toInvitation)
  }

  async delete(id: string) {
    return this.db.prepare('DELETE FROM invitations WHERE id = ?').run(id).changes > 0
  }

  async deleteByTarget(kind: InvitationKind, targetId: string) {
    return this.db.prepare('DELETE FROM invitations WHERE kind = ? AND target_id = ?').run(kind, targetId).changes
  }
}
