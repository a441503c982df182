import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { TextEncoderInfo } from '../../shared/schemas/embedding-model'
import { builtInTextEncoder, textEncoderPublicPath } from '../../shared/utils/text-encoder'
import type { AppConfig } from '../config'
import { problems } from '../errors'
import { embeddingModelSource, loadTextEncoder } from '../ml/embeddings/encoder'
import { mlRuntime } from '../ml/runtime'

type EncoderConfig = Pick<AppConfig, 'mlBackend' | 'embeddingsModel'>

/** Where a version's files are served: the built app's static copy for the built-in encoder, the API for the others. */
export const textEncoderFilesPath = (version: string, configured: boolean) =>
  (version === builtInTextEncoder.version && !configured ? textEncoderPublicPath : `/api/v1/embeddings/${encodeURIComponent(version)}/`)

/** The encoder in use, for clients that embed queries themselves (the browser's offline search). */
export async function textEncoderInfo(config: EncoderConfig): Promise<TextEncoderInfo> {
  await mlRuntime(config.mlBackend)
  const { metadata } = await loadTextEncoder(config.embeddingsModel)
  const corpus = metadata.training?.corpus
  return {
    version: metadata.version,
    dims: metadata.dims,
    files: textEncoderFilesPath(metadata.version, Boolean(config.embeddingsModel)),
    trainedOn: { atoms: corpus?.atoms ?? 0, texts: corpus?.texts ?? 0, tokens: corpus?.tokens ?? metadata.totalTokens },
  }
}

/** A file of the configured encoder's folder, when the version is its own (an encoder at a URL is fetched from there). */
async function configuredFile(config: EncoderConfig, version: string, name: string): Promise<Uint8Array | undefined> {
  if (!config.embeddingsModel || /^https?:\/\//i.test(config.embeddingsModel)) return undefined
  const source = embeddingModelSource(config.embeddingsModel)
  const folder = source.endsWith('.json') ? dirname(resolve(source)) : resolve(source)
  const metadataPath = join(folder, 'metadata.json')
  if (!existsSync(metadataPath) || (JSON.parse(await readFile(metadataPath, 'utf8')) as { version?: unknown }).version !== version) return undefined
  const path = name === 'model.json' && source.endsWith('.json') ? resolve(source) : join(folder, name)
  return existsSync(path) ? readFile(path) : undefined
}

/**
 * One file of an encoder version: the configured encoder's or the built-in one's, and nothing else. No
 * version learned from stored documents is ever served, so the files reveal no reader's words.
 */
export async function textEncoderFile(config: EncoderConfig, version: string, name: string): Promise<Uint8Array> {
  const bytes = await configuredFile(config, version, name)
    ?? (version === builtInTextEncoder.version ? await readFile(join(embeddingModelSource(), name)).catch(() => undefined) : undefined)
  if (!bytes) throw problems.notFound('text encoder file', `${version}/${name}`)
  return bytes
}
