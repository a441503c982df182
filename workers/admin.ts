/**
 * Accounts from the command line, on the store the environment configures (the SQLite file under
 * NUXT_DATA_DIR, or MongoDB with MONGODB_URI), with or without the server running:
 *   npm run admin -- create <email> [--name <name>] [--role admin|author|learner]
 * Creates the account (an admin unless --role says otherwise), or gives an existing one that role. The
 * password of a new account is ADMIN_PASSWORD, else asked for on a terminal, else generated and printed once.
 *   npm run admin -- reset-password <email>
 * Prints a one-time password reset link for the account (base NUXT_PUBLIC_URL, else http://localhost:PORT), for
 * servers without email: hand it to the user.
 */
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline/promises'
import { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { registerSchema, roleSchema, type Role } from '../shared/schemas/auth'

const usageLine = 'usage: npm run admin -- create <email> [--name <name>] [--role admin|author|learner]\n       npm run admin -- reset-password <email>'

function usage(message: string): never {
  process.stderr.write(`${message}\n${usageLine}\n`)
  process.exit(2)
}

/** A field of the registration form, checked as the web app checks it. */
function valid<K extends 'email' | 'name' | 'password'>(field: K, value: unknown): string {
  const result = registerSchema.shape[field].safeParse(value)
  if (!result.success) usage(`${field}: ${result.error.issues[0]?.message ?? 'not valid'}`)
  return result.data
}

/** Asks each question on the terminal and reads the answers without echoing them. */
async function promptHidden(...questions: string[]): Promise<string[]> {
  // Readline echoes what is typed to its output: a stream that drops it. The questions go to stdout.
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() })
  const terminal = createInterface({ input: process.stdin, output: muted, terminal: true })
  try {
    const answers: string[] = []
    for (const question of questions) {
      process.stdout.write(question)
      answers.push(await terminal.question(''))
      process.stdout.write('\n')
    }
    return answers
  }
  finally {
    terminal.close()
  }
}

/** The new account's password, and whether it was generated (then it is printed once). */
async function newPassword(): Promise<{ password: string, generated: boolean }> {
  const given = process.env.ADMIN_PASSWORD
  if (given) return { password: valid('password', given), generated: false }
  if (process.stdin.isTTY) {
    const [first, again] = await promptHidden('Password (at least 12 characters): ', 'The same password again: ')
    const password = valid('password', first)
    if (again !== password) usage('the two passwords differ')
    return { password, generated: false }
  }
  return { password: randomBytes(18).toString('base64url'), generated: true }
}

async function create(emailArgument: string | undefined, options: { name?: string, role?: string }) {
  if (!emailArgument) usage('no email given')
  const email = valid('email', emailArgument)
  const name = valid('name', options.name ?? email.split('@')[0])
  const role: Role = options.role === undefined ? 'admin' : roleSchema.safeParse(options.role).data ?? usage(`--role must be admin, author or learner`)
  // The store's drivers load only once the arguments are valid: a mistyped command answers at once.
  const [{ configFromEnv }, { createStore }, { ensureAccount }, { scryptHasher }] = await Promise.all([
    import('../server/config'), import('../server/drivers'), import('../server/services/accounts'), import('../server/services/passwords'),
  ])
  const store = createStore(configFromEnv())
  try {
    let generated: string | undefined
    const password = async () => {
      const chosen = await newPassword()
      if (chosen.generated) generated = chosen.password
      return chosen.password
    }
    const { user, created } = await ensureAccount(store, scryptHasher, { email, name, role }, password)
    if (!created) process.stdout.write(`${user.email} already has an account: it is now ${user.role}; its password is unchanged.\n`)
    else process.stdout.write(`Created the ${user.role} account ${user.email} (store: ${store.kind}).\n`)
    if (generated) process.stdout.write(`Its password, shown only this once: ${generated}\n`)
  }
  finally {
    await store.close()
  }
}

async function resetPassword(emailArgument: string | undefined) {
  if (!emailArgument) usage('no email given')
  const email = valid('email', emailArgument)
  const [{ configFromEnv }, { createStore }, { issueResetLink }] = await Promise.all([
    import('../server/config'), import('../server/drivers'), import('../server/services/password-resets'),
  ])
  const config = configFromEnv()
  const store = createStore(config)
  try {
    const user = await store.users.findByEmail(email)
    if (!user) {
      process.stderr.write(`No account has the email ${email}.\n`)
      process.exitCode = 1
      return
    }
    const link = await issueResetLink(store, config, user.id, config.publicUrl ?? `http://localhost:${process.env.PORT ?? 3000}`)
    process.stdout.write(`A one-time password reset link for ${user.email}, valid until ${link.expiresAt}:\n${link.url}\n`)
  }
  finally {
    await store.close()
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string' } },
  })
  const [command, email, ...rest] = positionals
  if (command !== 'create' && command !== 'reset-password') usage(command ? `unknown command: ${command}` : 'no command given')
  if (rest.length > 0) usage(`unexpected: ${rest.join(' ')}`)
  if (command === 'reset-password') await resetPassword(email)
  else await create(email, values)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
