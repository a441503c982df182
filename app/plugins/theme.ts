import { themeStorageKey } from '~/utils/theme'

// Runs before the first paint, so a dark-theme reader never sees a light flash.
const applyBeforePaint = `(function(){try{var c=localStorage.getItem('${themeStorageKey}');var d=c==='dark'||(c!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.dataset.theme=d?'dark':'light'}catch(e){}})()`

export default defineNuxtPlugin((nuxtApp) => {
  // A server-rendered page carries the script already (and it has run); only the offline app shell, rendered
  // in the browser, needs it added. Adding it again costs the start-up a head update for nothing.
  if (import.meta.client && nuxtApp.payload.serverRendered) return
  useHead({ script: [{ innerHTML: applyBeforePaint, tagPosition: 'head', nonce: import.meta.client ? pageNonce() : undefined }] })
})
