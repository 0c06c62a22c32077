package store

// Usage is what an account's history occupies in the store: the bytes of its versions' sealed
// segments plus those of its snapshot, and its number of versions. Both engines keep it as
// counters on the chain row, moved by every write of the chain, so reading it costs no scan.
type Usage struct {
	Bytes    int64 `json:"bytes"`
	Versions int64 `json:"versions"`
}

// Quota caps an account's Usage. A zero field sets no limit on that measure.
type Quota struct {
	Bytes    int64 `json:"bytes"`
	Versions int64 `json:"versions"`
}

// QuotaOverride holds an account's own quota values, which replace the server's defaults field
// by field; a nil field keeps the default, and a zero value means no limit for this account.
type QuotaOverride struct {
	Bytes    *int64 `json:"bytes"`
	Versions *int64 `json:"versions"`
}

// Over returns the quota in force for an account with this override on a server whose default
// quota is def.
func (o QuotaOverride) Over(def Quota) Quota {
	q := def
	if o.Bytes != nil {
		q.Bytes = *o.Bytes
	}
	if o.Versions != nil {
		q.Versions = *o.Versions
	}
	return q
}

// The measures a quota limits, as named in refusals, logs and metrics.
const (
	QuotaBytes    = "stored bytes"
	QuotaVersions = "versions"
)

// Exceeded returns the measure (QuotaBytes or QuotaVersions) that a write adding addBytes and
// addVersions to u would take past q, or "" when the write fits. This is the quota rule; the
// chain core applies it under the chain lock, and the add-version hot path of each engine
// applies the same rule (the PostgreSQL engine states it in its append statement) so that it
// never writes what the core would refuse.
func (q Quota) Exceeded(u Usage, addBytes, addVersions int64) string {
	switch {
	case q.Bytes > 0 && addBytes > 0 && u.Bytes+addBytes > q.Bytes:
		return QuotaBytes
	case q.Versions > 0 && addVersions > 0 && u.Versions+addVersions > q.Versions:
		return QuotaVersions
	}
	return ""
}

// Limit returns q's limit on measure (0 for none).
func (q Quota) Limit(measure string) int64 {
	if measure == QuotaVersions {
		return q.Versions
	}
	return q.Bytes
}

// Of returns u's value of measure.
func (u Usage) Of(measure string) int64 {
	if measure == QuotaVersions {
		return u.Versions
	}
	return u.Bytes
}
