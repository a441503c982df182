/**
 * npm run train:types — trains the atom type model on the labelled set in the repository
 * (models/data/atom-types.jsonl) plus the authors' type corrections in the configured store, and saves it to
 * models/atom-types/<version>/ with its metadata. The held-out split of the repository's set is never
 * trained on; the model is saved only if it beats the rules alone there (unless --force).
 *
 *   npm run train:types -- [--seed 7] [--epochs 40] [--version 1] [--no-store] [--force]
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { configFromEnv } from '../server/config'
import { createStore, sqliteStorePath } from '../server/drivers'
import { typeModelName, typeModelVersion, TypeClassifier, type TypeModelMetadata } from '../server/ml/atom-types/classifier'
import { heldOutSplit, labelsFromStore, readLabelledSet, type LabelledAtom } from '../server/ml/atom-types/dataset'
import { classifyInputsOf, compareWithRules } from '../server/ml/atom-types/evaluate'
import { featureSettings } from '../server/ml/atom-types/features'
import { trainTypeModel } from '../server/ml/atom-types/train'
import { modelsRoot, saveLayersModel, saveModelMetadata } from '../server/ml/models'
import { mlRuntime } from '../server/ml/runtime'
import { atomTypes } from '../server/atomizer/nlp/classify'

const { values: args } = parseArgs({
  options: {
    'seed': { type: 'string', default: '7' },
    'epochs': { type: 'string', default: '40' },
    'version': { type: 'string', default: typeModelVersion },
    'no-store': { type: 'boolean', default: false },
    'force': { type: 'boolean', default: false },
  },
})
const seed = Number(args.seed)
const epochs = Number(args.epochs)
const config = configFromEnv()
const percent = (value: number) => `${(value * 100).toFixed(1)} %`

/** Authors' corrections from the configured store; a missing embedded database simply has none. */
async function authorLabels(): Promise<LabelledAtom[]> {
  if (args['no-store'] || (!config.mongodbUri && !existsSync(sqliteStorePath(config)))) return []
  const store = createStore(config)
  try {
    return await labelsFromStore(store)
  }
  finally {
    await store.close()
  }
}

const { backend } = await mlRuntime(config.mlBackend)
const labelled = await readLabelledSet(join(modelsRoot(), 'data', 'atom-types.jsonl'))
const { train, heldOut } = heldOutSplit(labelled, seed)
const corrections = await authorLabels()
const heldOutIds = new Set(heldOut.map(record => record.id))
const training = [...train, ...corrections.filter(record => !heldOutIds.has(record.id))]
console.info(`[train:types] ${labelled.length} labelled atoms (${train.length} train, ${heldOut.length} held out) + ${corrections.length} authors' corrections; backend ${backend}`)

const started = performance.now()
const model = await trainTypeModel(await classifyInputsOf(training), training.map(record => record.type), { seed, epochs })
console.info(`[train:types] trained ${epochs} epochs in ${((performance.now() - started) / 1000).toFixed(1)} s`)

const scores = await compareWithRules(new TypeClassifier(model, atomTypes, 'trained'), heldOut)
console.info(`[train:types] held out  rules alone: accuracy ${percent(scores.rules.accuracy)}, macro-F1 ${percent(scores.rules.macroF1)}`)
console.info(`[train:types] held out  rules + model: accuracy ${percent(scores.model.accuracy)}, macro-F1 ${percent(scores.model.macroF1)}`)

const beats = scores.model.accuracy > scores.rules.accuracy && scores.model.macroF1 > scores.rules.macroF1
if (!beats && !args.force) {
  console.error('[train:types] the model does not beat the rules alone on the held-out split; not saved (--force saves anyway)')
  process.exit(1)
}
const folder = join(modelsRoot(), typeModelName, args.version)
await saveLayersModel(model, folder)
const metadata: TypeModelMetadata = {
  name: typeModelName,
  version: args.version,
  labels: [...atomTypes],
  features: { ...featureSettings },
  training: { seed, epochs, examples: training.length, authorLabels: corrections.length },
  heldOut: { examples: heldOut.length, ...scores },
}
await saveModelMetadata(folder, metadata)
console.info(`[train:types] saved to models/${typeModelName}/${args.version}/`)
