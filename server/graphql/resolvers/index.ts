import { Mutation } from './mutation'
import { Query } from './query'
import { Subscription } from './subscription'
import { atomFields, atomTermFields, collectionFields, documentFields, keyTermFields, studyCardFields } from './types'

export const resolvers = {
  Query, Mutation, Subscription,
  Document: documentFields, Atom: atomFields, AtomTerm: atomTermFields, StudyCard: studyCardFields, Collection: collectionFields,
  KeyTerm: keyTermFields, GlossaryEntry: keyTermFields,
}
