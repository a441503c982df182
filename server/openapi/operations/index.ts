import type { Operation } from '../operation'
import { atomOperations } from './atoms'
import { authOperations } from './auth'
import { collectionOperations } from './collections'
import { documentOperations } from './documents'
import { invitationOperations } from './invitations'
import { metaOperations } from './meta'
import { mfaOperations } from './mfa'
import { jobOperations } from './jobs'
import { oauthOperations } from './oauth'
import { searchOperations } from './search'
import { sessionOperations } from './sessions'
import { signInOperations } from './sign-in'
import { studyOperations } from './study'
import { tokenOperations } from './tokens'

export { atomOperations, authOperations, collectionOperations, documentOperations, invitationOperations, jobOperations, metaOperations, mfaOperations, oauthOperations, searchOperations, sessionOperations, signInOperations, studyOperations, tokenOperations }

/** Every operation of the HTTP API, in the order the reference lists them. */
export const allOperations: readonly Operation[] = [
  metaOperations, authOperations, signInOperations, documentOperations, atomOperations, collectionOperations, invitationOperations, searchOperations, studyOperations, jobOperations, tokenOperations, mfaOperations, sessionOperations, oauthOperations,
].flatMap(group => Object.values(group))
