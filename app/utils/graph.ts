import type { GraphAtom, PrerequisiteLayout } from './prerequisite-layout'

/**
 * The prerequisite graph's layout, with the layout code (dagre) loaded on demand: pages call this while
 * rendering on the server, so on a first load the browser receives the result and never the code.
 */
export async function prerequisiteLayoutOf(atoms: GraphAtom[]): Promise<PrerequisiteLayout> {
  const { layoutPrerequisites } = await import('./prerequisite-layout')
  return layoutPrerequisites(atoms.map(({ id, title, type, prerequisites }) => ({ id, title, type, prerequisites })))
}
