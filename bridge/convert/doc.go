// Package convert translates one task between the two forms Taskwarrior uses on the wire:
//
//   - the Taskwarrior 2.x JSON object that the taskd protocol carries, one per line
//     (ISO basic dates, tags, depends and annotations as arrays), and
//   - the TaskChampion task map that Taskwarrior 3.x syncs (string values, epoch-second dates,
//     tag_<name>, dep_<uuid> and annotation_<epoch> keys plus the legacy tags and depends
//     mirrors).
//
// ToTaskMap does what Taskwarrior's import does with a 2.x line; ToJSON composes the line
// Taskwarrior 2.6 and 3.x export for a task map, byte for byte where Taskwarrior's output is
// valid JSON. Both need the attribute types (Types), because a date, a number and a string
// are written differently. Diff and Apply compare and patch task maps for the merge.
//
// Everything here is pure: no I/O, no clock, no shared mutable state.
//
// Where this package deliberately differs from Taskwarrior:
//
//   - A UDA's value is converted only when the UDA is declared a date and the value is
//     well-formed (ISO basic on the 2.x side, canonical epoch seconds on the 3.x side), so
//     that it converts back to the same text; any other value passes through as written.
//     Types are declared, never guessed from a value.
//   - A date that cannot be parsed is kept verbatim (Taskwarrior rejects the whole import);
//     TaskChampion reads such a value as unset, so nothing is lost and nothing breaks a sync.
//   - An annotation without an entry time gets the task's modified time, else its entry time,
//     else the caller's now (Taskwarrior uses the time of the import). This keeps a repeated
//     upload from creating a second copy of the annotation.
//   - Keys with the reserved prefixes tag_, dep_ and annotation_ in a 2.x object are dropped:
//     2.x carries those only as the tags, depends and annotations arrays.
//   - JSON null means "not set". Empty annotations are dropped in both directions.
//   - Output is always valid JSON: characters Taskwarrior writes unescaped (other control
//     characters, quotes in tags) are escaped, invalid UTF-8 becomes U+FFFD, and a numeric
//     value that is not a JSON number is written as a string.
//   - Annotations are ordered by entry time (Taskwarrior orders by key text, which only
//     differs for entries before 2001-09-09).
package convert
