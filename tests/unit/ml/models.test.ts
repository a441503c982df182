import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import type { LayersModel, Tensor } from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { atomTypes } from '../../../server/atomizer/nlp/classify'
import { configFromEnv } from '../../../server/config'
import { loadTypeClassifier } from '../../../server/ml/atom-types/classifier'
import { classifyInputOf } from '../../../server/ml/atom-types/dataset'
import { featureMatrix, featureSize } from '../../../server/ml/atom-types/features'
import { createAtomTyper } from '../../../server/ml/atom-types/typer'
import { loadLayersModel, saveLayersModel, saveModelMetadata } from '../../../server/ml/models'
import { mlRuntime } from '../../../server/ml/runtime'

const folder = mkdtempSync(join(tmpdir(), 'atomizer-models-'))
let server: Server
let baseUrl: string

/** A tiny dense model with seeded weights, built here rather than read from the repository. */
async function tinyModel(inputs: number, outputs: number, seed: number): Promise<LayersModel> {
  const { tf } = await mlRuntime('cpu')
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [inputs], units: 4, activation: 'tanh', kernelInitializer: tf.initializers.randomNormal({ seed }), biasInitializer: tf.initializers.randomUniform({ seed: seed + 1 }) }),
      tf.layers.dense({ units: outputs, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ seed: seed + 2 }) }),
    ],
  })
}

async function predict(model: LayersModel, rows: Float32Array, width: number): Promise<number[][]> {
  const { tf } = await mlRuntime()
  return tf.tidy(() => (model.predict(tf.tensor2d(rows, [rows.length / width, width])) as Tensor).arraySync() as number[][])
}

const samples = [
  { id: 'a', source: 'written', title: 'Summary', trail: ['Cells', 'Summary'], body: 'Cells are the units of life. Organelles share the work inside them.', type: 'summary' as const },
  { id: 'b', source: 'written', title: 'Osmosis', trail: ['Cells'], body: 'The diffusion of water across a membrane is called osmosis.', type: 'definition' as const },
  { id: 'c', source: 'written', title: 'Steps', trail: ['Cells'], body: '1. Place the slide.\n2. Add a drop of stain.\n3. Lower the cover slip.', type: 'procedure' as const },
]

beforeAll(async () => {
  // Serves the temporary folder over HTTP, to load a model by URL as an operator might configure one.
  server = createServer((request, response) => {
    try {
      const body = readFileSync(join(folder, decodeURIComponent(new URL(request.url!, 'http://x').pathname)))
      response.writeHead(200, { 'content-type': extname(request.url!) === '.json' ? 'application/json' : 'application/octet-stream' }).end(body)
    }
    catch {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
  rmSync(folder, { recursive: true, force: true })
})

describe('model files', () => {
  it('saves a layers model as model.json + weights.bin and loads it back with the same predictions', async () => {
    const model = await tinyModel(3, 2, 11)
    await saveLayersModel(model, join(folder, 'tiny'))
    const manifest = JSON.parse(readFileSync(join(folder, 'tiny', 'model.json'), 'utf8'))
    expect(manifest.format).toBe('layers-model')
    expect(manifest.weightsManifest[0].paths).toEqual(['weights.bin'])
    // Two dense layers: (3×4 + 4) + (4×2 + 2) float32 weights.
    expect(readFileSync(join(folder, 'tiny', 'weights.bin')).byteLength).toBe((3 * 4 + 4 + 4 * 2 + 2) * 4)

    const rows = new Float32Array([0.1, -2, 3, 1, 0.5, -0.25])
    const expected = await predict(model, rows, 3)
    for (const source of [join(folder, 'tiny'), join(folder, 'tiny', 'model.json'), `${baseUrl}/tiny/model.json`]) {
      const loaded = await loadLayersModel(source)
      const actual = await predict(loaded, rows, 3)
      actual.flat().forEach((value, i) => expect(value).toBeCloseTo(expected.flat()[i]!, 6))
    }
  })

  it('fails clearly on a folder without a model', async () => {
    await expect(loadLayersModel(join(folder, 'missing'))).rejects.toThrow(/ENOENT/)
  })
})

describe('a pretrained type model configured by path or URL', () => {
  it('types atoms with the configured model instead of the built-in one', async () => {
    const model = await tinyModel(featureSize, atomTypes.length, 5)
    await saveLayersModel(model, join(folder, 'types'))
    // Reversed labels: the configured model's own label order must be the one used.
    const labels = [...atomTypes].reverse()
    await saveModelMetadata(join(folder, 'types'), { name: 'atom-types', version: 'test', labels, features: { featureVersion: 1, featureSize } })
    const inputs = await Promise.all(samples.map(classifyInputOf))
    const expected = (await predict(model, featureMatrix(inputs), featureSize))
      .map(scores => labels[scores.indexOf(Math.max(...scores))])

    for (const source of [join(folder, 'types'), `${baseUrl}/types/model.json`]) {
      const config = configFromEnv({ NUXT_ATOM_TYPES_MODEL: source, NUXT_ML_BACKEND: 'cpu' })
      expect(config.atomTypesModel).toBe(source)
      const classifier = await loadTypeClassifier(config.atomTypesModel)
      expect(classifier.source).toBe(source)
      expect(await classifier.classify(inputs)).toEqual(expected)
      expect(await createAtomTyper(config)(inputs)).toEqual(expected)
    }
  })

  it('refuses a model of the wrong shape, and the typer falls back to the rules', async () => {
    const model = await tinyModel(3, 2, 1)
    await saveLayersModel(model, join(folder, 'wrong'))
    await expect(loadTypeClassifier(join(folder, 'wrong'))).rejects.toThrow(/takes 3 features and gives 2 scores/)
    const inputs = await Promise.all(samples.map(classifyInputOf))
    const typed = await createAtomTyper({ mlBackend: 'cpu', atomTypesModel: join(folder, 'wrong') })(inputs)
    expect(typed).toEqual(['summary', 'definition', 'procedure'])
  })
})
