// Package ratelimit is taskgate's one limiter of request rates, below both protocols: requests
// per source address and per account, and failed authentications per source address (each one
// answered after a growing delay, then every attempt refused for a while). The TaskChampion and
// taskd front-ends ask it before they work on a request and map its *RefusedError to their own
// wire in their one error-mapping place.
//
// Limits are kept in memory, per process: behind a load balancer each taskgate process applies
// them on its own. Memory is bounded (Config.MaxKeys entries per table); entries that have
// returned to their resting state are dropped first.
package ratelimit
