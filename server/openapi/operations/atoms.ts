import { z } from 'zod'
import { atomLinksSchema, atomSchema } from '../../../shared/schemas/atom'
import { atomMergeSchema, atomPatchSchema, atomSplitSchema } from '../../../shared/schemas/atom-edit'
import { idParamsSchema } from '../../../shared/schemas/common'
import { defineOperation, routeOf } from '../operation'

const tag = 'atoms'

export const atomOperations = {
  get: defineOperation({
    ...routeOf('getAtom'), tag, signedIn: true,
    summary: 'One atom of a readable document',
    params: idParamsSchema,
    responses: { 200: { description: 'The atom.', schema: atomSchema } },
    problems: [404],
  }),
  patch: defineOperation({
    ...routeOf('patchAtom'), tag, signedIn: true, rateLimit: 'edits',
    summary: 'Change an atom\'s title, type, body, key terms or definitions; the id stays',
    description: 'Owner or collection editor; 409 unless the document is `ready`. A changed type, each key term '
      + 'added or removed and each definition given or struck is kept as a training label. Key-term corrections '
      + 'hold for the whole document, now and when it is processed again: a removed term leaves every atom and '
      + 'the glossary, an added one joins every atom that uses it.',
    params: idParamsSchema, body: atomPatchSchema,
    responses: { 200: { description: 'The changed atom.', schema: atomSchema } },
    problems: [403, 404, 409],
  }),
  links: defineOperation({
    ...routeOf('getAtomLinks'), tag, signedIn: true,
    summary: 'Titles of the atom\'s prerequisites, related atoms and the atoms defining its terms',
    params: idParamsSchema,
    responses: { 200: { description: 'The links.', schema: atomLinksSchema } },
    problems: [404],
  }),
  split: defineOperation({
    ...routeOf('splitAtom'), tag, signedIn: true, rateLimit: 'edits',
    summary: 'Split an atom in two at a paragraph boundary of its body',
    params: idParamsSchema, body: atomSplitSchema,
    responses: { 200: { description: 'The two atoms; the first keeps the id.', schema: z.object({ items: z.tuple([atomSchema, atomSchema]) }) } },
    problems: [403, 404, 409],
  }),
  merge: defineOperation({
    ...routeOf('mergeAtoms'), tag, signedIn: true, rateLimit: 'edits',
    summary: 'Merge two adjacent atoms of one document into the first',
    body: atomMergeSchema,
    responses: { 200: { description: 'The merged atom, with the first\'s id.', schema: atomSchema } },
    problems: [403, 404, 409],
  }),
}
