import { Mutation } from './mutation'
import { Query } from './query'
import { Subscription } from './subscription'
import { atomFields, atomTermFields, collectionFields, documentFields, studyCardFields } from './types'

export const resolvers = {
  Query, Mutation, Subscription,
  Document: documentFields, Atom: atomFields, AtomTerm: atomTermFields, StudyCard: studyCardFields, Collection: collectionFields,
}
