//go:build windows

package main

import (
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/sys/windows"
)

// cpUTF8 is the UTF-8 code page.
const cpUTF8 = 65001

// setUpConsole prepares the Windows console for archmerge's UTF-8 output
// and returns what undoes it at exit.
//
// Text written straight to a console needs nothing: Go writes it with
// WriteConsoleW, whatever the code page. Bytes that reach the console
// through another program (archmerge status | more, | findstr) are decoded
// by the console's output code page, which on a Vietnamese Windows is 1258
// or the OEM 437/850: Vietnamese letters come out as mojibake. So the
// output code page is set to UTF-8 (65001) where the console allows it.
// The old code page is put back at exit when stdout and stderr are both the
// console; when either is a pipe, the program reading it may still be
// printing archmerge's UTF-8 after archmerge has exited, so the console
// keeps UTF-8 (as `chcp 65001` would leave it).
func setUpConsole() (restore func()) {
	// Started by a double click in Explorer, the console window closes as
	// soon as archmerge exits: say, in both languages, how to run it.
	cobra.MousetrapHelpText = `archmerge là chương trình dòng lệnh: hãy chạy nó trong cửa sổ lệnh.
Mở thư mục chứa archmerge.exe, gõ cmd vào thanh địa chỉ rồi nhấn Enter, sau đó chạy:
    archmerge demo
    archmerge --help

archmerge is a command-line program: run it from a command prompt.
Open the folder that holds archmerge.exe, type cmd in the address bar and press Enter, then run:
    archmerge demo
    archmerge --help

`
	cobra.MousetrapDisplayDuration = 0 // wait for Enter: time to read it

	old, err := windows.GetConsoleOutputCP()
	if err != nil { // no console: output goes to files or pipes as UTF-8 bytes
		return func() {}
	}
	if old == cpUTF8 || windows.SetConsoleOutputCP(cpUTF8) != nil {
		return func() {}
	}
	if !isConsole(os.Stdout) || !isConsole(os.Stderr) {
		return func() {}
	}
	return func() { windows.SetConsoleOutputCP(old) }
}

// isConsole reports whether f is a console (not a file or a pipe).
func isConsole(f *os.File) bool {
	var mode uint32
	return windows.GetConsoleMode(windows.Handle(f.Fd()), &mode) == nil
}
