/**
 * Whether this process is shutting down. Set once, on SIGTERM or SIGINT: from then on readiness answers 503,
 * so load balancers stop sending requests while those in flight finish.
 */
let draining = false

export const isDraining = () => draining

export function startDraining() {
  draining = true
}
