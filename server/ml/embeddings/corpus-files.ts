import { detectFormat } from '../../../shared/utils/formats'

/** A document of the fixture corpus (tests/fixtures/corpus): not its labels (JSON) nor its README. */
export const isCorpusDocument = (file: string) => !file.endsWith('.json') && !/^readme\./i.test(file) && detectFormat(file) !== undefined
