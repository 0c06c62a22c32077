package main

import (
	"context"
	"fmt"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/gateway"
)

func runMigrate(ctx context.Context, env *environment, args []string) error {
	cfg := gateway.DefaultConfig()
	var lc logConfig
	opts := append(storeOptions(&cfg), lc.options()...)
	set := newOptionSet("migrate", "Usage: taskgate migrate [options]\n\nApply pending schema migrations to the store and exit.", opts...)
	if err := env.parse(set, args); err != nil {
		return err
	}
	cfg.Migrate = true
	log, err := lc.build()
	if err != nil {
		return err
	}
	st, err := gateway.OpenAdminStore(ctx, cfg, log.WithOptions(zap.IncreaseLevel(zap.WarnLevel)))
	if err != nil {
		return err
	}
	defer st.Close()
	v, _, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s schema is at version %d\n", st.Engine(), v)
	return nil
}
