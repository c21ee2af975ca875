//go:build !windows

package main

// setUpConsole: terminals elsewhere take the UTF-8 bytes as they are.
func setUpConsole() (restore func()) { return func() {} }
