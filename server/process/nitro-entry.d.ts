// Nitro's entry-only import (polyfills for its runtime), resolved by its bundler.
declare module '#nitro-internal-pollyfills' {}
