package main

import (
	"errors"
	"fmt"
	"io"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// logConfig selects the logger's level and encoding.
type logConfig struct {
	level  string
	format string
}

// options are the log options, bound to lc and set to their defaults.
func (lc *logConfig) options() []option {
	lc.level, lc.format = "info", "json"
	return []option{
		{flag: "log-level", envs: []string{"TASKGATE_LOG_LEVEL"}, arg: "LEVEL", def: "info",
			usage: "debug, info, warn or error", set: setString(&lc.level)},
		{flag: "log-format", envs: []string{"TASKGATE_LOG_FORMAT"}, arg: "FORMAT", def: "json",
			usage: "json (one object per line) or console (human-readable)", set: setString(&lc.format)},
	}
}

// validate reports a bad level or format, so that it is listed with the other problems.
func (lc *logConfig) validate() error {
	_, _, err := lc.parse()
	return err
}

// parse returns the level and the base configuration of the format.
func (lc *logConfig) parse() (zapcore.Level, zap.Config, error) {
	level, lerr := zapcore.ParseLevel(lc.level)
	if lerr != nil {
		lerr = fmt.Errorf("--log-level: %q is not debug, info, warn or error", lc.level)
	}
	var cfg zap.Config
	var ferr error
	switch lc.format {
	case "json":
		cfg = zap.NewProductionConfig()
	case "console":
		cfg = zap.NewDevelopmentConfig()
	default:
		ferr = fmt.Errorf("--log-format: %q is not json or console", lc.format)
	}
	return level, cfg, errors.Join(lerr, ferr)
}

// build returns a zap logger writing to stderr.
func (lc *logConfig) build() (*zap.Logger, error) {
	level, cfg, err := lc.parse()
	if err != nil {
		return nil, err
	}
	cfg.Level = zap.NewAtomicLevelAt(level)
	cfg.Sampling = nil
	cfg.EncoderConfig.TimeKey = "time"
	cfg.EncoderConfig.EncodeTime = zapcore.ISO8601TimeEncoder
	return cfg.Build()
}

// cliLogger returns the logger of the administration commands: warnings and errors only, in
// console form, written to w (their stderr), so that store messages do not drown their output.
func cliLogger(w io.Writer) *zap.Logger {
	enc := zap.NewDevelopmentEncoderConfig()
	enc.TimeKey = ""
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.AddSync(w), zapcore.WarnLevel)
	return zap.New(core)
}
