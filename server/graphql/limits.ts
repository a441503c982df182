import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit'
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases'
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth'

/**
 * What one operation may ask for, checked before it runs (docs/api.md, "GraphQL"). Depth 10 fits the deepest
 * useful read (documents → atoms → prerequisites → document); page sizes are bounded by each field's
 * arguments as in REST.
 */
export const graphqlLimits = {
  maxDepth: 10,
  /**
   * Each object field costs 2 and each scalar 1, times 1.5 per level of depth, and what is under a field
   * with a literal `first: n` counts n times (page sizes given as variables are capped by the fields alone).
   */
  maxCost: 20_000,
  maxAliases: 15,
} as const

export function limitPlugins() {
  return [
    maxDepthPlugin({ n: graphqlLimits.maxDepth, exposeLimits: true }),
    costLimitPlugin({ maxCost: graphqlLimits.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, exposeLimits: true }),
    maxAliasesPlugin({ n: graphqlLimits.maxAliases, exposeLimits: true }),
  ]
}
