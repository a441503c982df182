import { roles } from '../../shared/schemas/auth'
import { collectionRoles } from '../../shared/schemas/collection'
import { documentStatuses, textUploadFormats } from '../../shared/schemas/document'
import { atomTypes, cardKinds, cardPhases, difficultyLabels, documentFormats, documentScopes } from '../../shared/utils/vocabulary'

/**
 * The schema's enums, built from the constants the REST schemas validate with: a value added to the domain
 * reaches GraphQL too, and the two cannot drift apart.
 */
const enums: Record<string, readonly string[]> = {
  Role: roles,
  DocumentScope: documentScopes,
  DocumentStatus: documentStatuses,
  DocumentFormat: Object.keys(documentFormats),
  TextFormat: textUploadFormats,
  AtomType: atomTypes,
  Difficulty: difficultyLabels,
  CollectionRole: collectionRoles,
  CardKind: cardKinds,
  CardPhase: cardPhases,
}

/** The enums in SDL, one a line. */
export const enumTypeDefs = Object.entries(enums).map(([name, values]) => `enum ${name} { ${values.join(' ')} }`).join('\n')
