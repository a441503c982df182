/**
 * Nouns and adjectives so common in any prose that alone they are never key terms
 * ("example", "way", "important"); they may still be part of a longer term.
 */
export const genericNouns = new Set(`
ability account action activity addition amount answer approach area argument aspect attention average
basis beginning benefit bit book case cause center centre chance change chapter choice claim class
condition consequence context control cost course day deal decision degree detail development difference difficulty
direction discussion effect effort element end event evidence example experience extent fact factor feature figure
form goal group half hand help idea impact importance increase information instance interest issue item
kind lack lesson level line list lot manner matter meaning means method minute moment name nature need
note number object one order page paper part people percent period person place plan point position possibility
practice problem process product purpose quality question range rate reason relationship rest result role rule
section sense series set side sign situation size solution sort source space stage start step story
student study subject success sum summary system table task term text thing time topic total type unit use
value variety version view way week whole word work world year yes
`.trim().split(/\s+/))

export const genericAdjectives = new Set(`
other many new important different same first second third last several various such certain main specific particular
large small great good bad high low major minor general common simple basic whole own few little next previous
following above below possible real true full best better key typical usual similar entire overall additional
`.trim().split(/\s+/))
