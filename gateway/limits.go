package gateway

import (
	"fmt"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/ratelimit"
	"github.com/taskgate/taskgate/store"
)

// LimitsConfig holds the limits that keep one client from exhausting the server for the others:
// the default quota of every account's history, the temporary space of large taskd syncs, and
// the rate limits of both protocols.
type LimitsConfig struct {
	// Quota is the default quota of an account (zero fields: no limit); `taskgate account quota`
	// sets an account's own.
	Quota store.Quota
	// SpillBytes is the most bytes the temporary files of large taskd syncs may hold at once, all
	// syncs together (chain.Config.SpillLimit); 0 for no limit.
	SpillBytes int64
	// Rate holds the rate limits per source address and per account, and the limit on failed
	// authentications.
	Rate ratelimit.Config
}

// DefaultLimitsConfig returns the documented defaults (chain.DefaultQuota,
// chain.DefaultSpillLimit, ratelimit.DefaultConfig).
func DefaultLimitsConfig() LimitsConfig {
	return LimitsConfig{Quota: chain.DefaultQuota(), SpillBytes: chain.DefaultSpillLimit, Rate: ratelimit.DefaultConfig()}
}

// validate reports every negative limit.
func (c LimitsConfig) validate() []error {
	var errs []error
	for _, v := range []struct {
		flag string
		n    float64
	}{
		{"--quota-bytes", float64(c.Quota.Bytes)}, {"--quota-versions", float64(c.Quota.Versions)},
		{"--taskd-spill-limit", float64(c.SpillBytes)},
		{"--rate-address", c.Rate.AddressRate}, {"--rate-address-burst", float64(c.Rate.AddressBurst)},
		{"--rate-account", c.Rate.AccountRate}, {"--rate-account-burst", float64(c.Rate.AccountBurst)},
		{"--auth-failures", float64(c.Rate.AuthFailures)}, {"--auth-failure-window", float64(c.Rate.AuthWindow)},
	} {
		if v.n < 0 {
			errs = append(errs, fmt.Errorf("%s must not be negative", v.flag))
		}
	}
	if c.Rate.AddressRate > 0 && c.Rate.AddressBurst < 1 {
		errs = append(errs, fmt.Errorf("--rate-address-burst must be at least 1 when --rate-address is set"))
	}
	if c.Rate.AccountRate > 0 && c.Rate.AccountBurst < 1 {
		errs = append(errs, fmt.Errorf("--rate-account-burst must be at least 1 when --rate-account is set"))
	}
	if c.Rate.AuthFailures > 0 && c.Rate.AuthWindow <= 0 {
		errs = append(errs, fmt.Errorf("--auth-failure-window must be positive when --auth-failures is set"))
	}
	return errs
}
