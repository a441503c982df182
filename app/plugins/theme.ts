import { themeStorageKey } from '~/utils/theme'

// Runs before the first paint, so a dark-theme reader never sees a light flash.
const applyBeforePaint = `(function(){try{var c=localStorage.getItem('${themeStorageKey}');var d=c==='dark'||(c!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.dataset.theme=d?'dark':'light'}catch(e){}})()`

export default defineNuxtPlugin(() => {
  useHead({ script: [{ innerHTML: applyBeforePaint, tagPosition: 'head' }] })
})
