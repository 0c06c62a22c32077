package taskd

import (
	"bytes"
	"context"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/taskd/memtest"
)

// maxHeapPerRequestByte is the bound on what a request may cost: the heap may grow by at most
// this many times the request's size while the request is read, parsed and handed over.
const maxHeapPerRequestByte = 4

// payloadSize is the size of the worst-shaped payloads: the default MaxRequestBytes less room
// for the headers.
const payloadSize = DefaultMaxRequestBytes - 4<<10

// worstShapes are the payloads that cost the most per byte in one way or another, each about
// payloadSize.
func worstShapes() map[string]string {
	uuidLine := `{"uuid":"` + testKey + `"}` + "\n"
	huge := `{"uuid":"` + testKey + `","description":"`
	deep := `{"uuid":"` + testKey + `","a":`
	return map[string]string{
		"EmptyLines":     strings.Repeat("\n", payloadSize),
		"TinyKeyLines":   strings.Repeat("a\n", payloadSize/2),
		"OpenBraceLines": strings.Repeat("{\n", payloadSize/2),
		"ShortestTasks":  strings.Repeat(uuidLine, payloadSize/len(uuidLine)),
		"DeepNesting":    deep + strings.Repeat("[", payloadSize-len(deep)-1) + "}",
		"OneHugeLine":    huge + strings.Repeat("x", payloadSize-len(huge)-2) + `"}`,
	}
}

// touchingBackend is a backend whose sync reads every uploaded byte, as a real one does.
func touchingBackend() *fakeBackend {
	return &fakeBackend{sync: func(_ context.Context, _ Account, req SyncRequest) (SyncResponse, error) {
		n := 0
		for _, line := range req.Tasks {
			n += bytes.Count(line, []byte("x"))
		}
		return SyncResponse{Code: StatusOK, Key: testKey}, nil
	}}
}

// rawFrame is a request with payload, framed, ready to write.
func rawFrame(payload string) []byte {
	msg := request(syncHeaders(nil), payload)
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(msg)+FrameHeaderLen)), msg...)
}

// requestGrowth sends frame on a connection that is already open and returns by how much the
// heap grew at its peak while the server read and answered it, and the answer.
func (b *testBundle) requestGrowth(t testing.TB, frame []byte) (uint64, string) {
	tc, err := b.dial(t, b.pki.client)
	require.NoError(t, err)
	var resp []byte
	grew := memtest.PeakGrowth(func() {
		_, err = tc.Write(frame)
		require.NoError(t, err)
		resp, err = ReadFrame(tc, 1<<20)
		require.NoError(t, err)
	})
	return grew, string(resp)
}

// TestRequestMemoryBounded sends each worst-shaped payload of about 10 MiB and requires the
// heap to grow by at most maxHeapPerRequestByte times the request's size. It does not run in
// parallel: the measure is of the whole process.
func TestRequestMemoryBounded(t *testing.T) {
	b := setup(t, Config{}, touchingBackend())
	for name, payload := range worstShapes() {
		frame := rawFrame(payload)
		grew, resp := b.requestGrowth(t, frame)
		ratio := float64(grew) / float64(len(frame))
		t.Logf("%s: %d-byte request, heap grew %d bytes (%.2f×): %s", name, len(frame), grew, ratio,
			strings.SplitN(resp, "\n", 4)[2])
		require.LessOrEqual(t, ratio, float64(maxHeapPerRequestByte), "%s", name)
	}
}

// BenchmarkRequestMemory reports, for each worst-shaped payload, the heap growth per request
// byte (heap-x) and the request size.
func BenchmarkRequestMemory(b *testing.B) {
	for name, payload := range worstShapes() {
		b.Run(name, func(b *testing.B) {
			bundle := setup(b, Config{}, touchingBackend())
			frame := rawFrame(payload)
			var worst float64
			for b.Loop() {
				grew, _ := bundle.requestGrowth(b, frame)
				worst = max(worst, float64(grew)/float64(len(frame)))
			}
			b.ReportMetric(worst, "heap-x")
			b.ReportMetric(float64(len(frame)), "request-bytes")
		})
	}
}
