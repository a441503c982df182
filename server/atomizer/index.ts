/**
 * The atomization engine: extract (every format into one block tree) → analyze (wink-nlp) → segment
 * (structure, then cohesion, then size bounds) → terms and definitions → ids (aligned with the previous
 * version) → link (prerequisites, related) → cards. Pure: the job, the worker and the CLI run the same code.
 */
export { atomizeCollection, engineStages, type EngineAtom, type EngineDocument, type EngineOptions, type EngineSource, type EngineStage } from './engine'
export { AtomizeInputError } from './model'
export { renderMarkdown } from './render'
export { readingOrder } from './link/prerequisites'
