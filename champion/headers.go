package champion

// Header names and content types of the protocol.
const (
	HeaderClientID        = "X-Client-Id"
	HeaderVersionID       = "X-Version-Id"
	HeaderParentVersionID = "X-Parent-Version-Id"
	HeaderSnapshotRequest = "X-Snapshot-Request"

	ContentTypeHistorySegment = "application/vnd.taskchampion.history-segment"
	ContentTypeSnapshot       = "application/vnd.taskchampion.snapshot"

	cacheControl = "no-store, max-age=0"
)
