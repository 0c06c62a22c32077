package champion

import (
	"strconv"

	"github.com/labstack/echo/v4"
)

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

// blob answers with data as the whole body, declaring its length up front: net/http would
// otherwise send a body of 2 KiB or more chunked, as it cannot know the length in time.
func blob(c echo.Context, code int, contentType string, data []byte) error {
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(data)))
	return c.Blob(code, contentType, data)
}
