/**
 * Path templates as OpenAPI writes them (`/api/v1/atoms/{id}`), matched and filled segment by segment.
 * A parameter stands for one whole, non-empty segment, as on the server's router.
 */

/** `{id}` in `/api/v1/atoms/{id}` → `{ id: string }`. */
export type PathParams<Template extends string> = Template extends `${string}{${infer Name}}${infer Rest}`
  ? { [Key in Name | keyof PathParams<Rest>]: string }
  : Record<never, string>

const parameter = /^\{(\w+)\}$/

/** The path's parameters, as written in it (still percent-encoded), when it fits the template; else undefined. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const expected = template.split('/')
  const actual = path.split('/')
  if (expected.length !== actual.length) return undefined
  const params: Record<string, string> = {}
  for (const [i, segment] of expected.entries()) {
    const name = parameter.exec(segment)?.[1]
    if (name === undefined ? segment !== actual[i] : !actual[i]) return undefined
    if (name !== undefined) params[name] = actual[i]!
  }
  return params
}

/** The template with each parameter put in, percent-encoded. */
export function fillPath<Template extends string>(template: Template, params: PathParams<Template>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent((params as Record<string, string>)[name]!))
}
