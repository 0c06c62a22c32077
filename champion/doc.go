// Package champion serves the TaskChampion sync protocol (Taskwarrior 3.x) over HTTP with echo:
// the four endpoints under /v1/client/ and GET /, with the status codes, headers and version-chain
// rules of the reference taskchampion-sync-server. The rules live here once; the store only reads
// and writes rows under an account lock. The client-side codec (keys, envelope, operations) is in
// the nested package codec.
package champion
