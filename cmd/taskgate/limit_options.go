package main

import (
	"strconv"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/ratelimit"
)

// quotaOptions set the default quota of every account. Account commands read them hidden, to
// show the quota in force for an account.
func quotaOptions(lc *gateway.LimitsConfig, hidden bool) []option {
	return []option{
		{flag: "quota-bytes", envs: []string{"TASKGATE_QUOTA_BYTES"}, arg: "SIZE", def: "1GiB", hidden: hidden,
			usage: "default limit on the bytes of an account's history (versions and snapshot); 0 for none", set: setSize(&lc.Quota.Bytes)},
		{flag: "quota-versions", envs: []string{"TASKGATE_QUOTA_VERSIONS"}, arg: "N", def: "1000000", hidden: hidden,
			usage: "default limit on an account's versions; 0 for none", set: setInt64(&lc.Quota.Versions)},
	}
}

// rateOptions set the rate limits of both protocols.
func rateOptions(rc *ratelimit.Config) []option {
	return []option{
		{flag: "rate-address", envs: []string{"TASKGATE_RATE_ADDRESS"}, arg: "N", def: itoa(ratelimit.DefaultAddressRate),
			usage: "requests per second one source address (IPv6: one /64) may make, sustained; 0 for no limit", set: setFloat(&rc.AddressRate)},
		{flag: "rate-address-burst", envs: []string{"TASKGATE_RATE_ADDRESS_BURST"}, arg: "N", def: itoa(ratelimit.DefaultAddressBurst),
			usage: "requests one source address may make at once", set: setInt(&rc.AddressBurst)},
		{flag: "rate-account", envs: []string{"TASKGATE_RATE_ACCOUNT"}, arg: "N", def: itoa(ratelimit.DefaultAccountRate),
			usage: "requests per second for one account, sustained; 0 for no limit", set: setFloat(&rc.AccountRate)},
		{flag: "rate-account-burst", envs: []string{"TASKGATE_RATE_ACCOUNT_BURST"}, arg: "N", def: itoa(ratelimit.DefaultAccountBurst),
			usage: "requests for one account at once", set: setInt(&rc.AccountBurst)},
		{flag: "auth-failures", envs: []string{"TASKGATE_AUTH_FAILURES"}, arg: "N", def: itoa(ratelimit.DefaultAuthFailures),
			usage: "failed authentications from one address after which it is refused; 0 for no limit", set: setInt(&rc.AuthFailures)},
		{flag: "auth-failure-window", envs: []string{"TASKGATE_AUTH_FAILURE_WINDOW"}, arg: "DURATION", def: ratelimit.DefaultAuthWindow.String(),
			usage: "how long failed authentications are remembered after the last one, and an address refused", set: setDuration(&rc.AuthWindow)},
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
