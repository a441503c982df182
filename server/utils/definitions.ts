import type { DefinitionJudge } from '../atomizer/nlp/definitions'
import { createDefinitionJudge } from '../ml/definitions/model'

let judge: DefinitionJudge | undefined

/** The definitions judge of this process, as the worker's: definitions an edit finds are kept as atomized ones are. */
export function useDefinitionJudge(): DefinitionJudge {
  judge ??= createDefinitionJudge(useConfig())
  return judge
}
