import { promoteConfiguredAdmin } from '../services/accounts'

/**
 * The account with NUXT_ADMIN_EMAIL becomes admin at start-up if it already exists (one registering later
 * becomes admin as it registers). Runs after server/plugins/drivers.ts: Nitro runs plugins in file-name order.
 */
export default defineNitroPlugin(() => {
  const { adminEmail } = useConfig()
  void promoteConfiguredAdmin(useDrivers().store, adminEmail).then(({ promoted, adminExists }) => {
    if (promoted) console.info(`[atomizer] ${adminEmail} is now an admin (NUXT_ADMIN_EMAIL)`)
    if (!adminExists && adminEmail === undefined) {
      console.warn('[atomizer] no admin account: set NUXT_ADMIN_EMAIL, or run `npm run admin -- create <email>`')
    }
  }).catch(error => console.error('[atomizer] could not check the admin account', error))
})
