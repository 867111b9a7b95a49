//go:build !linux && !darwin

package data

// diskFull cannot tell on this platform; the SQLite error is shown as it is.
func diskFull(string) bool { return false }
