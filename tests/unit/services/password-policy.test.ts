import { describe, expect, it } from 'vitest'
import { newPasswordSchema } from '../../../shared/schemas/auth'
import { isGuessablePassword, requireStrongPassword } from '../../../server/services/password-policy'
import { ProblemError } from '../../../server/errors'

describe('the new-password policy', () => {
  it('refuses common and breached passwords whatever their case, and the account\'s own email or name', () => {
    for (const password of ['password1234', 'PASSWORD1234', '123456789012', 'qwertyuiop123']) expect(isGuessablePassword(password)).toBe(true)
    expect(isGuessablePassword('ada.lovelace@example.org', { email: 'ada.lovelace@example.org' })).toBe(true)
    expect(isGuessablePassword('Ada.Lovelace', { email: 'ada.lovelace@example.org' })).toBe(true)
    expect(isGuessablePassword('Countess of Lovelace', { name: 'Countess of Lovelace' })).toBe(true)
  })

  it('accepts any composition: spaces, no digits, non-ASCII letters, 64 characters and more', () => {
    for (const password of ['correct horse battery', 'tout le monde à la plage', 'x'.repeat(64) + ' and more', '日本語のパスワードですよね']) {
      expect(isGuessablePassword(password, { email: 'someone@example.org', name: 'Someone' }), password).toBe(false)
      expect(newPasswordSchema.safeParse(password).success, password).toBe(true)
    }
  })

  it('needs 12 characters and answers a guessable password with 422 on the field named', () => {
    expect(newPasswordSchema.safeParse('elevenchars').success).toBe(false)
    expect(newPasswordSchema.safeParse('twelve chars').success).toBe(true)
    const refusal = (() => {
      try {
        requireStrongPassword('password1234', {}, 'newPassword')
      }
      catch (error) {
        return error
      }
    })()
    expect(refusal).toBeInstanceOf(ProblemError)
    expect((refusal as ProblemError).status).toBe(422)
    expect((refusal as ProblemError).errors).toEqual([{ path: 'newPassword', message: expect.stringContaining('too common') }])
  })
})
