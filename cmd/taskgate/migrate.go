package main

import (
	"context"
	"errors"
	"fmt"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/gateway"
)

// migrateOptions are the options of taskgate migrate.
func migrateOptions(cfg *gateway.Config, lc *logConfig) *optionSet {
	opts := append(storeOptions(cfg), lc.options()...)
	return newOptionSet("migrate", "Usage: taskgate migrate [options]\n\nApply pending schema migrations to the store and exit. "+
		"An embedded store that does not exist yet is created (and said so).", opts...)
}

// runMigrate is taskgate migrate.
func runMigrate(ctx context.Context, env *environment, args []string) error {
	cfg := gateway.DefaultConfig()
	var lc logConfig
	set := migrateOptions(&cfg, &lc)
	if err := env.parseOnly(set, args); err != nil {
		return err
	}
	if err := set.problems(errors.Join(cfg.Validate(), lc.validate())); err != nil {
		return err
	}
	cfg.Migrate = true
	log, err := lc.build()
	if err != nil {
		return err
	}
	announce, err := prepareStore(env, cfg, set, true)
	if err != nil {
		return err
	}
	st, err := gateway.OpenAdminStore(ctx, cfg, log.WithOptions(zap.IncreaseLevel(zap.WarnLevel)))
	if err != nil {
		return err
	}
	defer st.Close()
	announce()
	v, _, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s schema is at version %d\n", st.Engine(), v)
	return nil
}
