import type { z } from 'zod'
import type { totpConfirmedSchema } from '../../../../../shared/schemas/mfa'
import { mfaOperations } from '../../../../openapi/operations'
import { recoveryCodesForNewFactor } from '../../../../services/mfa/factors'
import { confirmTotp } from '../../../../services/mfa/totp'
import { problems } from '../../../../errors'

/** POST /api/v1/mfa/totp/confirm `{code}`: the app's first code makes it a factor → its first recovery codes, if the account had none. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { body } = await validRequest(event, mfaOperations.confirmTotp)
  const store = useDrivers().store
  if (!await confirmTotp(store, sealingKey(), actor.id, body.code)) {
    throw problems.validation([{ path: 'code', message: 'this code is not the one the app shows now' }])
  }
  const recoveryCodes = await recoveryCodesForNewFactor(store, actor.id)
  await sessionAfterNewFactor(event, actor)
  setResponseHeader(event, 'cache-control', 'no-store')
  return (recoveryCodes ? { recoveryCodes } : {}) satisfies z.infer<typeof totpConfirmedSchema>
})
