package keys

import "bytes"

// checkScope and checkValue make the key check: a known value sealed under the master key, which
// only the same master key opens.
const checkScope = "master-key-check"

var checkValue = []byte("taskgate master key check, version 1")

// SealCheck returns the key check of m, to be kept with the store whose secrets m seals.
func (m MasterKey) SealCheck() ([]byte, error) { return m.Seal(checkScope, checkValue) }

// OpensCheck reports whether sealed is a key check made by SealCheck with this master key.
func (m MasterKey) OpensCheck(sealed []byte) bool {
	if !m.Valid() {
		return false
	}
	plain, err := m.Open(checkScope, sealed)
	return err == nil && bytes.Equal(plain, checkValue)
}
