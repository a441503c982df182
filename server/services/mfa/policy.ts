import { mfaPolicySchema, type MfaPolicy } from '../../../shared/schemas/mfa'
import type { Role } from '../../../shared/schemas/auth'
import type { DocumentStore } from '../../drivers/store/types'
import { problems } from '../../errors'

const key = 'mfaPolicy'
const defaultPolicy: MfaPolicy = { required: 'off' }

/** The admins' MFA policy as stored; off until an admin sets it. */
export async function getMfaPolicy(store: DocumentStore): Promise<MfaPolicy> {
  const parsed = mfaPolicySchema.safeParse(await store.settings.get(key))
  return parsed.success ? parsed.data : defaultPolicy
}

export async function setMfaPolicy(store: DocumentStore, actor: { role: Role }, policy: MfaPolicy): Promise<MfaPolicy> {
  if (actor.role !== 'admin') throw problems.forbidden('Only an admin can set the MFA policy.')
  await store.settings.put(key, policy)
  return policy
}

/** Whether the policy requires a second factor of an account with this role. */
export const policyCovers = (policy: MfaPolicy, role: Role): boolean =>
  policy.required === 'everyone' || (policy.required === 'admins' && role === 'admin')
