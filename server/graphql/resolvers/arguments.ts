/**
 * GraphQL sends an omitted nullable argument as absent but an explicit `null` as null; the shared zod
 * schemas know only absent (`optional`). Both mean "not given" here.
 */
export function given<T extends Record<string, unknown>>(args: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null)) as { [K in keyof T]: Exclude<T[K], null> }
}

/** GraphQL's `first`/`after` as the REST page query's `limit`/`cursor`. */
export const pageArgs = (args: { first?: number | null, after?: string | null }) => given({ limit: args.first, cursor: args.after })
