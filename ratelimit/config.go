package ratelimit

import "time"

// Defaults. Real clients stay far below the rates: a Taskwarrior 3 sync makes one request per
// version it downloads or uploads (a new device catching up on a long history may make a few
// hundred in a row, which the bursts admit), and a Taskwarrior 2.x sync is one request.
const (
	// DefaultAddressRate and DefaultAddressBurst limit the requests of one source address (an
	// IPv6 /64), which may be a household or an office behind one router.
	DefaultAddressRate  = 100
	DefaultAddressBurst = 2000
	// DefaultAccountRate and DefaultAccountBurst limit the requests of one account.
	DefaultAccountRate  = 50
	DefaultAccountBurst = 1000
	// DefaultAuthFailures failed authentications from one address within DefaultAuthWindow of
	// each other make the address refused until DefaultAuthWindow has passed since the last one;
	// a person who mistypes a key a few times is never refused.
	DefaultAuthFailures = 10
	DefaultAuthWindow   = 15 * time.Minute
	// DefaultAuthDelay is the delay before the answer to a first failed authentication; it
	// doubles with each further one up to DefaultAuthMaxDelay, which slows a guesser to a few
	// attempts per minute while a person retrying hardly notices it.
	DefaultAuthDelay    = 250 * time.Millisecond
	DefaultAuthMaxDelay = 4 * time.Second
	// DefaultMaxKeys bounds each table (addresses, accounts, failing addresses) to about 10 MB.
	DefaultMaxKeys = 100_000
)

// Config sets the limits. A zero rate or failure count switches that limit off.
type Config struct {
	// AddressRate is the sustained requests per second of one source address; AddressBurst how
	// many it may make at once after a quiet time.
	AddressRate  float64
	AddressBurst int
	// AccountRate and AccountBurst are the same per account.
	AccountRate  float64
	AccountBurst int
	// AuthFailures is the number of failed authentications from one address after which its
	// attempts are refused; AuthWindow how long failures are remembered after the last one.
	AuthFailures int
	AuthWindow   time.Duration
	// AuthDelay and AuthMaxDelay set the growing delay of each failed authentication's answer.
	AuthDelay    time.Duration
	AuthMaxDelay time.Duration
	// MaxKeys bounds the entries of each table; zero takes DefaultMaxKeys.
	MaxKeys int
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		AddressRate: DefaultAddressRate, AddressBurst: DefaultAddressBurst,
		AccountRate: DefaultAccountRate, AccountBurst: DefaultAccountBurst,
		AuthFailures: DefaultAuthFailures, AuthWindow: DefaultAuthWindow,
		AuthDelay: DefaultAuthDelay, AuthMaxDelay: DefaultAuthMaxDelay,
		MaxKeys: DefaultMaxKeys,
	}
}
