/** Bumped by every write of atoms on this device: the offline search index is rebuilt when it moves. */
let changes = 0

export function atomsChanged() {
  changes++
}

export function atomChanges() {
  return changes
}
