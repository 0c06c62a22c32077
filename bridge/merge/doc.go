// Package merge turns one taskd upload of a plaintext account into the operations of one new
// TaskChampion version, merging the Taskwarrior 2.x client's edits with whatever other
// clients did to the same tasks meanwhile.
//
// The inputs per task are the task's map at the client's sync key (State.Base), its map now
// (State.Current) with the time of the operation that last set or removed each property
// (State.CurrentTimes), and the client's versions of the task in upload order (Version, one
// per uploaded line; a 2.x client sends the full task on every change). The output is the
// Create and Update operations to append, the resulting map, and whether the client must be
// sent that result (Result.Echo).
//
// The rules, as DESIGN.md "Merge semantics" states them for users:
//
//  1. Only the client's own changes count: for every property whose value in the client's
//     last version differs from Base. Properties the client did not change keep their
//     current value, so other clients' changes survive.
//  2. When the server side changed a property the client also changed (its current value
//     differs from Base), the later change wins. The client's time is the modified time of
//     the version in which the client last changed that property; the server's time is
//     CurrentTimes. On a tie the server's value stays: it reached the chain first, which is
//     also how TaskChampion's transform settles a tie (the operation already on the server
//     wins). Emitted operations carry the client's time, never the time of the sync, so a
//     later Taskwarrior 3 edit still wins when a 3.x client rebases over them.
//  3. Tags, dependencies and annotations merge element by element, because each is a
//     property of its own (tag_<name>, dep_<uuid>, annotation_<epoch>). For tag_ and dep_
//     keys only presence counts (Taskwarrior writes "x", the TaskChampion library ""). The
//     legacy mirrors tags and depends are never merged: they are recomputed from the merged
//     keys (names joined by commas in byte order, removed when there are none) and updated
//     when they differ from the current ones.
//  4. Unknown attributes are properties like any other and pass through untouched.
//  5. Retries are idempotent. With no Base (the task did not exist at the sync key, the key
//     is unknown, or `task sync init` into a non-empty account) the client's versions are
//     compared with an empty task: every property the client's last version has is its
//     claim, dated by the version that last changed it, and it is merged against Current
//     by time. A property the client lacks is not a removal (the client cannot say it
//     removed it), so nothing the server has is lost. Merging an upload again against the
//     result of merging it emits nothing, as long as the second merge sees the same Base as
//     the first (a retry carries the same sync key) or both merges had none (the retried
//     upload created the task). A retry whose key was pruned meanwhile gets the merge
//     without Base, in which a value the client never changed counts as set at its
//     version's time and so overrides a server change dated earlier than that.
//
// Further:
//
//   - modified ends up as the later of the two sides' modified (epoch seconds); a value that
//     is not a number loses to one that is. It is stamped like the client's other changes.
//   - A 2.x delete is status "deleted": an Update like any other. No Delete is ever emitted.
//   - A task that does not exist now (Current nil) is created from the client's last
//     version in full, whatever Base says: a 2.x client cannot learn that a task was purged,
//     and dropping its edit would lose it.
//   - Every operation of a task is stamped with a client time. Mirror updates take the
//     latest time among the tag_ (dep_) operations emitted with them, or the time of the
//     client's last version when they only repair a stale mirror.
//
// Types: a 2.x line is read with the account's declared attribute types (convert.Types);
// a UDA that is not declared is a string whose value passes through as written. No type is
// ever inferred from a value.
//
// Everything here is pure: no I/O, no clock, no shared mutable state.
package merge
