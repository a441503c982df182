import type { TermSelector } from '../../atomizer/nlp/terms'
import type { AppConfig } from '../../config'
import type { FileStore } from '../../drivers/files/types'
import { mlRuntime } from '../runtime'
import { currentPublishedTermModel } from './published-terms'
import { loadTermModel } from './scorer'

let warned = false

/**
 * Chooses key terms with the model: one retrained from authors' corrections and published in `files` when
 * there is one (and no model is configured), else the configured or built-in one. When no model can load or
 * run, the rules choose (the engine's fallback) and the reason is logged once per process, so atomizing
 * never fails for want of a model.
 */
export function createTermScorer(config: Pick<AppConfig, 'mlBackend' | 'termsModel'>, files?: FileStore): TermSelector {
  return async (all, context) => {
    try {
      await mlRuntime(config.mlBackend)
      const published = files && !config.termsModel ? await currentPublishedTermModel(files).catch(publishedUnreadable) : undefined
      const model = published ?? await loadTermModel(config.termsModel)
      return await model.select(all, context)
    }
    catch (error) {
      if (!warned) {
        warned = true
        console.warn(`[ml] key terms are chosen by the rules alone: ${error instanceof Error ? error.message : String(error)}`)
      }
      return undefined
    }
  }
}

let warnedPublished = false

/** A published model that does not load leaves the built-in one in use, said once per process. */
function publishedUnreadable(error: unknown): undefined {
  if (!warnedPublished) {
    warnedPublished = true
    console.warn(`[ml] the published key-term model does not load; the built-in one chooses: ${error instanceof Error ? error.message : String(error)}`)
  }
  return undefined
}
