package main

import (
	"github.com/taskgate/taskgate/gateway"
)

// taskdOptions configure the taskd (Taskwarrior 2.x) TLS listener and taskgate's PKI.
func taskdOptions(cfg *gateway.Config) []option {
	tc := &cfg.Taskd
	return []option{
		{flag: "taskd-listen", envs: []string{"TASKGATE_TASKD_LISTEN"}, arg: "ADDR", def: gateway.DefaultTaskdListen,
			usage: `address of the taskd TLS listener for Taskwarrior 2.x, or "off"`, set: setString(&tc.Listen)},
		{flag: "taskd-hostname", envs: []string{"TASKGATE_TASKD_HOSTNAME"}, arg: "NAME", list: true, def: "localhost,127.0.0.1,::1",
			usage: "host name or address clients put in taskd.server; the server certificate carries all (repeatable, comma-separated)",
			set:   setStringList(&tc.Hostnames)},
		{flag: "taskd-client-ca", envs: []string{"TASKGATE_TASKD_CLIENT_CA"}, arg: "FILE", list: true,
			usage: "PEM file of another CA whose client certificates are accepted, e.g. a Taskserver CA (repeatable)",
			set:   setStringList(&tc.ClientCAs)},
		{flag: "pki-dir", envs: []string{"TASKGATE_PKI_DIR"}, arg: "DIR", def: "DATA_DIR/pki",
			usage: "PKI directory of an earlier taskgate or a taskd import, taken into the store on start (the store keeps the CA)", set: setString(&tc.PKIDir)},
		{flag: "taskd-server-cert", envs: []string{"TASKGATE_TASKD_SERVER_CERT"}, arg: "FILE",
			usage: "serve this certificate instead of one from taskgate's CA (e.g. a Taskserver's server.cert.pem)", set: setString(&tc.ServerCert)},
		{flag: "taskd-server-key", envs: []string{"TASKGATE_TASKD_SERVER_KEY"}, arg: "FILE",
			usage: "the key of --taskd-server-cert", set: setString(&tc.ServerKey)},
		{flag: "taskd-max-request", envs: []string{"TASKGATE_TASKD_MAX_REQUEST"}, arg: "SIZE", def: "10MiB",
			usage: "largest taskd request; larger ones are answered 504 before they are read", set: setSize(&tc.MaxRequest)},
		{flag: "taskd-max-conns", envs: []string{"TASKGATE_TASKD_MAX_CONNS"}, arg: "N", def: "128",
			usage: "most taskd requests served at once; more are answered 420 (server busy)", set: setInt(&tc.MaxConns)},
		{flag: "taskd-max-pending", envs: []string{"TASKGATE_TASKD_MAX_PENDING"}, arg: "N", def: "512",
			usage: "most taskd connections that have not sent a request yet; a new one evicts the oldest", set: setInt(&tc.MaxPending)},
		{flag: "taskd-max-pending-per-peer", envs: []string{"TASKGATE_TASKD_MAX_PENDING_PER_PEER"}, arg: "N", def: "32",
			usage: "the same, per IPv4 address or IPv6 /64; a new one evicts that source's oldest", set: setInt(&tc.MaxPendingPerPeer)},
		{flag: "taskd-handshake-timeout", envs: []string{"TASKGATE_TASKD_HANDSHAKE_TIMEOUT"}, arg: "DURATION", def: "5s",
			usage: "time allowed for the TLS handshake", set: setDuration(&tc.HandshakeTimeout)},
		{flag: "taskd-header-timeout", envs: []string{"TASKGATE_TASKD_HEADER_TIMEOUT"}, arg: "DURATION", def: "5s",
			usage: "time allowed after the handshake for the request's frame header; the body's grace period too", set: setDuration(&tc.HeaderTimeout)},
		{flag: "taskd-min-body-rate", envs: []string{"TASKGATE_TASKD_MIN_BODY_RATE"}, arg: "SIZE", def: "16KiB",
			usage: "slowest a request body may arrive, per second; a slower client is disconnected", set: setSize(&tc.MinBodyRate)},
		{flag: "taskd-spill-limit", envs: []string{"TASKGATE_TASKD_SPILL_LIMIT"}, arg: "SIZE", def: "1GiB",
			usage: "most bytes the temporary files of large taskd syncs hold at once, all together; past it a sync gets 420 (server busy); 0 for none",
			set:   setSize(&cfg.Limits.SpillBytes)},
		{flag: "taskd-write-timeout", envs: []string{"TASKGATE_TASKD_WRITE_TIMEOUT"}, arg: "DURATION", def: "2m0s",
			usage: "time allowed to write a response", set: setDuration(&tc.WriteTimeout)},
	}
}
