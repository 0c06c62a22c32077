// Package migrations embeds taskgate's SQL migrations: one folder per store engine, numbered
// NNNN_name.up.sql / .down.sql, where the same number is the same schema change in both folders.
// It holds no logic; gateway/store applies the files with golang-migrate.
package migrations

import "embed"

// FS holds the folders "postgres" and "sqlite".
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
