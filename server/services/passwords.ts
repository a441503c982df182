import { Hash } from '@adonisjs/hash'
import { Scrypt } from '@adonisjs/hash/drivers/scrypt'

/** Password hashing is injected into the account services, so the web app, the admin CLI and tests share one. */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(hash: string, password: string): Promise<boolean>
}

let scrypt: Hash | undefined

/**
 * nuxt-auth-utils' `hashPassword` and `verifyPassword` without Nitro: the same library (@adonisjs/hash), the
 * same scrypt driver and its default cost (the app sets no `runtimeConfig.hash`), so a hash made by the admin
 * CLI verifies in the web app and the other way round.
 */
export const scryptHasher: PasswordHasher = {
  hash: password => (scrypt ??= new Hash(new Scrypt({}))).make(password),
  verify: (hash, password) => (scrypt ??= new Hash(new Scrypt({}))).verify(hash, password),
}
