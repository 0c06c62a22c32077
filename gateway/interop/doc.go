// Package interop tests taskgate against the real Taskwarrior clients, end to end: the taskgate
// binary is built once, started as a real process on a free 127.0.0.1 port, and driven by the
// real TaskChampion library (its Python bindings, through testdata/tc.py), by Taskwarrior 3.5 and,
// through the taskd listener, by Taskwarrior 2.6 (/usr/bin/task on the host, each device with its
// own HOME, TASKRC and TASKDATA). Plaintext accounts and device certificates are made with the
// real `taskgate account` commands on the server's store. Every scenario runs on both stores, as
// the subtests "SQLite" and "PostgreSQL"; PostgreSQL servers get a master key through
// TASKGATE_MASTER_KEY, SQLite servers generate theirs into the data directory.
//
// Run it from the repository root:
//
//	scripts/install-real-clients.sh   # once, as root: Taskwarrior 2.6 and a Debian sid chroot
//	go test ./gateway/interop/
//	TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./gateway/interop/
//
// The clients live in the chroot at $TW3_ROOT (default /opt/tw3), so the tests need root to
// enter it. Without the clients, or without TEST_DATABASE_URL for the PostgreSQL half, the tests
// skip loudly; when the environment variable CI is set they fail instead. Each PostgreSQL server
// gets a fresh, randomly named schema that is dropped afterwards.
//
// Scenarios:
//
//   - TestTwoReplicasConverge: two replicas of one client id see each other's tasks and edits.
//   - TestConcurrentEditsDifferentProperties: unsynced edits of two properties of one task on two
//     replicas both survive.
//   - TestSnapshotAfterManyVersions: after 110 versions the client has uploaded the snapshot the
//     server asked for at the 101st version after the first one, and a fresh replica starts from it.
//   - TestWrongSecretFails: a replica with the right client id and a wrong encryption secret
//     cannot sync, keeps no data and leaves the server's chain untouched.
//   - TestTaskwarrior3SyncBothWays: two Taskwarrior 3.5 installations add, modify, annotate and
//     complete a task through the server.
//   - TestTaskwarrior3AndPythonReplica: Taskwarrior 3.5 and a TaskChampion replica share a client id.
//   - TestServerRestartMidHistory: a SIGTERM and a restart on the same store lose nothing.
//   - TestBackupRestoreRoundTrip: a backup taken while a device syncs (SQLite: taskgate backup;
//     PostgreSQL: pg_dump and a copy of the PKI directory) is restored into a new store (taskgate
//     restore; pg_restore), served at the same addresses, and the same Taskwarrior 2.6 and 3.5
//     devices sync with it: every task synced before the backup began is there. Devices that
//     synced after the backup rejoin as the README says, and lose nothing either.
//
// Plaintext accounts (the server holds the key):
//
//   - TestPlaintextTaskwarrior3AndPython: Taskwarrior 3.5 and a TaskChampion replica add, annotate,
//     complete and delete tasks with projects, tags, due dates and UDAs and see each other's work; then
//     `taskgate account export` equals Taskwarrior 3.5's `task export`, except that the server,
//     which does not know UDA types, writes numeric and date UDAs as the task map holds them.
//   - TestPlaintextWrongSecretRefused: a version sealed with a wrong secret is answered 400 with
//     the reason and not stored, on an empty account and on top of a history.
//   - TestPlaintextServerSnapshot: after 210 versions the server has made its own snapshots
//     (the client is asked for none), and a fresh replica starts from the latest one.
//
// The taskd bridge (Taskwarrior 2.6):
//
//   - TestTaskdTwoDevices: two 2.6 devices exchange adds, modifications, annotations,
//     completions, deletions and a recurring task (taskd.trust strict by name and by address);
//     a third device's `task sync init` merges its tasks into the non-empty account.
//   - TestTaskdMixedHousehold: a 2.6 and a 3.5 device on one account: adds in both directions,
//     concurrent edits of different and of the same properties, tags added on both sides,
//     annotations, completions, deletions and UDA changes in both directions.
//
// The merge rules (two 2.6 and two 3.5 devices on one account, `newQuartet`):
//
//   - TestMergeUDAValuesAsWritten: string UDA values shaped like dates and numbers reach every
//     device as written; a UDA declared a date with `taskgate account uda` converges as a date.
//   - TestMergeAnnotationsSameSecond: annotations made in the same second on two devices (3.5
//     then 2.6, 2.6 and 2.6, 2.6 then 3.5) all survive on every device.
//   - TestMergeRecurrenceNoDuplicates: a weekly task whose first due date is weeks ago, created on
//     2.6 and on 3.5, reaches every device before any runs a report; after every device ran
//     `task list` and synced, there is one instance per due date.
//
// `task export` of two devices is compared as parsed JSON by uuid, without id and urgency, which
// each device computes. Numbers compare by value: Taskwarrior 2.6 stores a number it received by
// sync as 4.000000 and exports it so. A device that syncs a recurring task it never ran a report
// for creates its instances later, with uuids of its own; the server then keeps one instance per
// occurrence (see TestMergeRecurrenceNoDuplicates).
package interop
