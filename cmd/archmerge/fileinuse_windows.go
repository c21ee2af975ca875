//go:build windows

package main

import (
	"errors"

	"golang.org/x/sys/windows"
)

// fileInUse reports whether err is Windows refusing a file that another
// program holds open: what replacing a workbook still open in Excel gives
// ("Access is denied" from the rename), or a file locked by another
// process. The message alone names neither the cause nor the cure.
func fileInUse(err error) bool {
	var errno windows.Errno
	if !errors.As(err, &errno) {
		return false
	}
	return errno == windows.ERROR_ACCESS_DENIED || errno == windows.ERROR_SHARING_VIOLATION || errno == windows.ERROR_LOCK_VIOLATION
}
