// Package interop tests taskgate against the real Taskwarrior clients, end to end: the taskgate
// binary is built once, started as a real process on a free 127.0.0.1 port, and driven by the
// real TaskChampion library (its Python bindings, through testdata/tc.py) and by Taskwarrior 3.5.
// Every scenario runs on both stores, as the subtests "SQLite" and "PostgreSQL".
//
// Run it from the repository root:
//
//	../shared/tools/real-clients.sh   # once, as root: Taskwarrior 2.6 and a Debian sid chroot
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
package interop
