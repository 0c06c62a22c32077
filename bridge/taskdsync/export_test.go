package taskdsync

// SetPrepareFrom sets the number of uploaded tasks from which s prepares a sync outside the
// chain lock (0: every sync).
func SetPrepareFrom(s *Service, n int) { s.prepareFrom = n }
