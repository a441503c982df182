/**
 * The atomization engine: sources in, typed and linked atoms out, through the stages listed in pipeline.ts
 * (extract → analyse → segment → terms → definitions → atoms → ids → type → difficulty → embed → link →
 * cards → documents). Pure: the job, the worker and the CLI run the same code.
 */
export { atomizeCollection, engineStages, type EngineAtom, type EngineDocument, type EngineOptions, type EngineSource, type EngineStage } from './engine'
export { AtomizeInputError } from './model'
export { renderMarkdown } from './render'
export { readingOrder } from './link/prerequisites'
