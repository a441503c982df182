import type { Operation } from '../operation'
import { atomOperations } from './atoms'
import { authOperations } from './auth'
import { collectionOperations } from './collections'
import { documentOperations } from './documents'
import { invitationOperations } from './invitations'
import { metaOperations } from './meta'
import { oauthOperations } from './oauth'
import { jobOperations } from './jobs'
import { searchOperations } from './search'
import { sessionOperations } from './sessions'
import { studyOperations } from './study'
import { tokenOperations } from './tokens'

export { atomOperations, authOperations, collectionOperations, documentOperations, invitationOperations, jobOperations, metaOperations, oauthOperations, searchOperations, sessionOperations, studyOperations, tokenOperations }

/** Every operation of the HTTP API, in the order the reference lists them. */
export const allOperations: readonly Operation[] = [
  metaOperations, authOperations, documentOperations, atomOperations, collectionOperations, invitationOperations, searchOperations, studyOperations, jobOperations, tokenOperations, sessionOperations, oauthOperations,
].flatMap(group => Object.values(group))
