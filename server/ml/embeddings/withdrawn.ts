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

/** Removes a version's files; says whether there were any. */
async function removeVersion(files: FileStore, version: string): Promise<boolean> {
  const keys = textEncoderFiles.map(name => `${folder}/${version}/${name}`)
  const found = (await Promise.all(keys.map(key => files.stat(key)))).some(Boolean)
  await Promise.all(keys.map(key => files.delete(key)))
  return found
}

/**
 * Removes the pointer and the files of the version it names and of `versions` (found on stored vectors):
 * older publications are not listed anywhere else. Says which versions had files to remove; idempotent.
 */
export async function withdrawStoreTrainedEncoders(files: FileStore, versions: Iterable<string> = []): Promise<string[]> {
  const pointed = await pointedVersion(files)
  const candidates = [...new Set([...(pointed ? [pointed] : []), ...versions])].filter(version => versionPattern.test(version))
  const withdrawn: string[] = []
  for (const version of candidates) if (await removeVersion(files, version)) withdrawn.push(version)
  if (pointed) await files.delete(pointerKey)
  return withdrawn
}
