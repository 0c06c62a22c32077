package main

import (
	"context"
	"errors"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/gateway"
)

// serveOptions are the options of taskgate serve, bound to cfg and lc.
func serveOptions(cfg *gateway.Config, lc *logConfig) *optionSet {
	ch := &cfg.Champion
	opts := append(storeOptions(cfg), masterKeyOptions(cfg)...)
	opts = append(opts,
		option{flag: "http-listen", envs: []string{"TASKGATE_HTTP_LISTEN", "LISTEN"}, arg: "ADDR", list: true, def: gateway.DefaultHTTPListen,
			usage: "address of the TaskChampion HTTP listener (repeatable, comma-separated)", set: setStringList(&cfg.HTTPListen)},
		option{flag: "allow-client-id", envs: []string{"TASKGATE_ALLOW_CLIENT_ID", "CLIENT_ID"}, arg: "UUID", list: true,
			usage: "serve only these TaskChampion client ids, others get 403 (repeatable, comma-separated; default: all)", set: setUUIDList(&ch.AllowClientIDs)},
		option{flag: "create-clients", envs: []string{"TASKGATE_CREATE_CLIENTS", "CREATE_CLIENTS"}, def: "true",
			usage: "create an encrypted account for an unknown client id on its first add-version (--create-clients=false to refuse)", set: setBool(&ch.CreateClients)},
		option{flag: "no-create-clients",
			usage: "same as --create-clients=false", set: setNegatedBool(&ch.CreateClients)},
		option{flag: "snapshot-versions", envs: []string{"TASKGATE_SNAPSHOT_VERSIONS", "SNAPSHOT_VERSIONS"}, arg: "N", def: "100",
			usage: "versions after a snapshot at which clients are asked for a new one (urgently at 1.5×)", set: setInt(&ch.SnapshotVersions)},
		option{flag: "snapshot-days", envs: []string{"TASKGATE_SNAPSHOT_DAYS", "SNAPSHOT_DAYS"}, arg: "N", def: "14",
			usage: "snapshot age in days at which clients are asked for a new one (urgently at 1.5×)", set: setInt(&ch.SnapshotDays)},
		option{flag: "max-body", envs: []string{"TASKGATE_MAX_BODY"}, arg: "SIZE", def: "100MiB",
			usage: "largest accepted request body; larger ones get 400 before they are read", set: setSize(&ch.MaxBody)},
		option{flag: "http-read-header-timeout", envs: []string{"TASKGATE_HTTP_READ_HEADER_TIMEOUT"}, arg: "DURATION", def: gateway.DefaultReadHeaderTimeout.String(),
			usage: "time allowed to read request headers", set: setDuration(&cfg.HTTPReadHeaderTimeout)},
		option{flag: "http-read-timeout", envs: []string{"TASKGATE_HTTP_READ_TIMEOUT"}, arg: "DURATION", def: gateway.DefaultReadTimeout.String(),
			usage: "time allowed to read a whole request, body included", set: setDuration(&cfg.HTTPReadTimeout)},
		option{flag: "http-write-timeout", envs: []string{"TASKGATE_HTTP_WRITE_TIMEOUT"}, arg: "DURATION", def: gateway.DefaultWriteTimeout.String(),
			usage: "time allowed to handle a request and write its response", set: setDuration(&cfg.HTTPWriteTimeout)},
		option{flag: "http-idle-timeout", envs: []string{"TASKGATE_HTTP_IDLE_TIMEOUT"}, arg: "DURATION", def: gateway.DefaultIdleTimeout.String(),
			usage: "how long an idle keep-alive connection stays open", set: setDuration(&cfg.HTTPIdleTimeout)},
		option{flag: "request-timeout", envs: []string{"TASKGATE_REQUEST_TIMEOUT"}, arg: "DURATION", def: gateway.DefaultRequestTimeout.String(),
			usage: "deadline of one request's store work, both protocols (then 503 or taskd 500)", set: setDuration(&cfg.RequestTimeout)},
		option{flag: "metrics-listen", envs: []string{"TASKGATE_METRICS_LISTEN"}, arg: "ADDR",
			usage: "address of a Prometheus metrics listener (GET /metrics); off when unset", set: setString(&cfg.MetricsListen)},
		option{flag: "shutdown-timeout", envs: []string{"TASKGATE_SHUTDOWN_TIMEOUT"}, arg: "DURATION", def: gateway.DefaultShutdownTimeout.String(),
			usage: "on SIGTERM/SIGINT, how long to let in-flight requests finish", set: setDuration(&cfg.ShutdownTimeout)},
	)
	opts = append(opts, taskdOptions(cfg)...)
	opts = append(opts, quotaOptions(&cfg.Limits, false)...)
	opts = append(opts, rateOptions(&cfg.Limits.Rate)...)
	opts = append(opts, fleetOptions(cfg)...)
	opts = append(opts, adminOptions(cfg)...)
	opts = append(opts, lc.options()...)
	return newOptionSet("serve", "Usage: taskgate serve [options]\n\nServe Taskwarrior sync: the TaskChampion HTTP protocol (Taskwarrior 3.x) and the taskd TLS protocol (2.x).", opts...)
}

// runServe is taskgate serve: it checks the whole configuration, then serves until stopped.
func runServe(ctx context.Context, env *environment, args []string) error {
	cfg := gateway.DefaultConfig()
	cfg.Champion.Version = versionString()
	var lc logConfig
	set := serveOptions(&cfg, &lc)
	if err := env.parseOnly(set, args); err != nil {
		return err
	}
	if err := set.problems(errors.Join(cfg.Validate(), lc.validate(), cfg.Preflight())); err != nil {
		return err
	}
	log, err := lc.build()
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()
	env.signals.useLogger(log)
	if set.file != nil {
		log.Info("configuration file read", zap.String("file", set.file.path))
	}
	return gateway.Run(ctx, cfg, log)
}
