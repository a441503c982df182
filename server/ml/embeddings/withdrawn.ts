import { textEncoderFiles } from '../../../shared/schemas/embedding-model'
import type { FileStore } from '../../drivers/files/types'
import { readStoredJson } from '../models'

/**
 * Encoders that earlier versions retrained on the stored atoms and published in the file store:
 * `models/embeddings/<version>/` with `models/embeddings/current.json` naming the one in use. Their
 * vocabulary, n-gram filter and weights were learned from readers' documents and were served to every
 * reader, so they are never used or served again, and their files are removed.
 */
const folder = 'models/embeddings'
const pointerKey = `${folder}/current.json`
const versionPattern = /^[\w.-]+$/

/** Whether a vector's encoder version is one such publication: the built-in and configured ones have other names. */
export const isStoreTrainedVersion = (version: string) => version.startsWith('retrained-')

/** The version the earlier pointer names, if there is one. */
async function pointedVersion(files: FileStore): Promise<string | undefined> {
  const pointer = await readStoredJson(files, pointerKey).catch(() => undefined)
  const version = (pointer as { version?: unknown } | undefined)?.version
  return typeof version === 'string' && versionPattern.test(version) ? version : undefined
}

/**
 * Removes the pointer and the files of the version it names and of `versions` (found on stored vectors):
 * older publications are not listed anywhere else. Says which versions were removed; idempotent.
 */
export async function withdrawStoreTrainedEncoders(files: FileStore, versions: Iterable<string> = []): Promise<string[]> {
  const pointed = await pointedVersion(files)
  const withdrawn = [...new Set([...(pointed ? [pointed] : []), ...versions])].filter(version => versionPattern.test(version))
  for (const version of withdrawn) {
    await Promise.all(textEncoderFiles.map(name => files.delete(`${folder}/${version}/${name}`)))
  }
  if (pointed) await files.delete(pointerKey)
  return withdrawn
}
