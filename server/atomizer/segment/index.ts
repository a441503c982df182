import { cohesionAtGaps } from './cohesion'
import { splitLongUnit, type Unit } from './units'

export interface SegmentOptions {
  minWords: number
  maxWords: number
  /** Cohesion across the gaps between units (gaps[i] before unit i); lexical (`cohesionAtGaps`) unless given. */
  cohesion?: (units: Unit[]) => number[]
}

/** A run of units that will become one atom. */
export interface Segment {
  trail: string[]
  units: Unit[]
  words: number
  /** Index among the parts its section was split into, and how many parts there are. */
  part: number
  parts: number
}

interface Section {
  trail: string[]
  units: Unit[]
}

/** Groups units under the heading trail they follow; headings themselves only shape the trail. */
function sectionsOf(units: Unit[]): Section[] {
  const sections: Section[] = []
  // Open headings by depth: a heading closes every open heading of its depth or deeper, whatever depth the document starts at.
  let open: { depth: number, text: string }[] = []
  let current: Section = { trail: [], units: [] }
  for (const unit of units) {
    if (unit.block.kind === 'heading') {
      if (current.units.length > 0) sections.push(current)
      open = [...open.filter(heading => heading.depth < unit.block.depth), { depth: unit.block.depth, text: unit.block.text }]
      current = { trail: open.map(heading => heading.text).filter(Boolean), units: [] }
    }
    else {
      current.units.push(unit)
    }
  }
  if (current.units.length > 0) sections.push(current)
  return sections
}

const wordsOf = (units: Unit[]) => units.reduce((sum, unit) => sum + unit.words, 0)
const unitsOfSection = (section: Section, maxWords: number) => section.units.flatMap(unit => splitLongUnit(unit, maxWords))

/** The units cohesion will be asked about: those of the sections too long for one atom, as their split sees them. */
export function unitsCompared(units: Unit[], { maxWords }: Pick<SegmentOptions, 'maxWords'>): Unit[] {
  return sectionsOf(units).map(section => unitsOfSection(section, maxWords)).filter(parts => wordsOf(parts) > maxWords).flat()
}

/**
 * Splits a long section where the topic shifts: dynamic programming over the gaps between units,
 * where a cut costs the cohesion across it and a part costs its distance from the target size.
 */
function splitSection(section: Section, { minWords, maxWords, cohesion: cohesionOf = cohesionAtGaps }: SegmentOptions): Segment[] {
  const units = unitsOfSection(section, maxWords)
  const total = wordsOf(units)
  if (total <= maxWords) return [{ trail: section.trail, units, words: total, part: 1, parts: 1 }]
  const target = (minWords + maxWords) / 2
  const cohesion = cohesionOf(units)
  const prefix = [0]
  for (const unit of units) prefix.push(prefix.at(-1)! + unit.words)
  const best = [0]
  const from = [-1]
  for (let end = 1; end <= units.length; end++) {
    best[end] = Infinity
    for (let start = end - 1; start >= 0; start--) {
      const words = prefix[end]! - prefix[start]!
      if (words > maxWords && end - start > 1) break
      const size = (words - target) / target
      const cost = best[start]! + (start > 0 ? cohesion[start]! : 0) + 0.5 * size * size + (words < minWords ? 1 : 0)
      if (cost < best[end]!) {
        best[end] = cost
        from[end] = start
      }
    }
  }
  const bounds: [number, number][] = []
  for (let end = units.length; end > 0; end = from[end]!) bounds.unshift([from[end]!, end])
  return bounds.map(([start, end], index) => ({
    trail: section.trail, units: units.slice(start, end), words: prefix[end]! - prefix[start]!, part: index + 1, parts: bounds.length,
  }))
}

const startsWith = (trail: string[], prefix: string[]) => prefix.every((heading, i) => trail[i] === heading)

/** A fragment below `minWords` joins the next atom when that continues its section, else the previous one. */
function mergeTiny(segments: Segment[], { minWords, maxWords }: SegmentOptions): Segment[] {
  const merged: Segment[] = []
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!
    const next = segments[i + 1]
    const previous = merged.at(-1)
    if (segment.words < minWords && next && startsWith(next.trail, segment.trail) && segment.words + next.words <= maxWords) {
      segments[i + 1] = { ...next, units: [...segment.units, ...next.units], words: segment.words + next.words }
    }
    else if (segment.words < minWords && previous && startsWith(segment.trail, previous.trail) && previous.words + segment.words <= maxWords) {
      previous.units.push(...segment.units)
      previous.words += segment.words
    }
    else {
      merged.push(segment)
    }
  }
  return merged
}

/** Structure first (heading sections), then cohesion (topic shifts in long sections), then size bounds. */
export function segment(units: Unit[], options: SegmentOptions): Segment[] {
  return numberParts(mergeTiny(sectionsOf(units).flatMap(section => splitSection(section, options)), options))
}

/** Parts count again after merging: consecutive segments with one trail are parts of one section. */
function numberParts(segments: Segment[]): Segment[] {
  let runStart = 0
  segments.forEach((segment, i) => {
    const next = segments[i + 1]
    if (next && next.trail.join('\u001F') === segment.trail.join('\u001F')) return
    for (let k = runStart; k <= i; k++) {
      segments[k]!.part = k - runStart + 1
      segments[k]!.parts = i - runStart + 1
    }
    runStart = i + 1
  })
  return segments
}
