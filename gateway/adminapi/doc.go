// Package adminapi is taskgate's admin HTTP API: JSON over HTTP, authenticated with one bearer
// token, for hosts that create, change and remove accounts from their own tooling. Every route
// calls the same accounts.Manager the CLI calls, so both do exactly the same thing and both are
// audited. Register puts the routes on an echo group; Client is the API's Go client, through
// which the CLI drives a remote server.
package adminapi
