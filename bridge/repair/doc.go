// Package repair holds the server's own repairs of a plaintext account's tasks, which no
// Taskwarrior client and no taskd ever made, for the two cases where devices that did the right
// thing each on their own still end up losing or multiplying tasks:
//
//   - Two annotations made in the same second on two devices. Both clients key an annotation
//     by its entry second (annotation_<epoch>), so the second one to reach the server takes
//     the first one's key. Both are kept: the text that sorts first (byte order) keeps the
//     key, the other moves to the next second no annotation of the task uses. The outcome does
//     not depend on which device synced first.
//   - Recurring tasks whose instances every device creates on its own. A device creates the
//     instances of a recurring task when it runs a report, each with a uuid of its own, so a
//     recurring task that reaches several devices before any of them ran a report ends with
//     one instance per device and due date. Instances of one parent with the same recurrence
//     index (imask; the due date when an instance has none) are duplicates: the earliest one
//     (by entry, then uuid) is kept, the properties a duplicate has that the kept one lacks
//     or changed earlier are copied to it, and the duplicate is deleted (status deleted).
//
// The package decides; callers apply: the bridge for a 2.x upload (in the answer's version) and
// the chain core for a 3.x version (in a version of the server's own that follows it).
// Everything here is pure: no I/O, no clock, no shared mutable state.
package repair
