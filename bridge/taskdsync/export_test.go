package taskdsync

import "github.com/taskgate/taskgate/bridge/merge"

// SetPrepareFrom sets the number of uploaded tasks from which s prepares a sync outside the
// chain lock (0: every sync).
func SetPrepareFrom(s *Service, n int) { s.prepareFrom = n }

// SetParts sets the bounds of the parts s splits a prepared upload into.
func SetParts(s *Service, lines, bytes int) { s.parts = merge.Limits{Lines: lines, Bytes: bytes} }
