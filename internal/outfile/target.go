package outfile

import (
	"fmt"
	"io/fs"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// What an output path turned out to be, when it cannot be written.
const (
	WhatFolder   = "folder"
	WhatDevice   = "device"
	WhatPipe     = "pipe"
	WhatSocket   = "socket"
	WhatOther    = "irregular"
	WhatFile     = "file" // where a folder was expected
	WhatLinkLoop = "link loop"
)

// TargetError is an output path that archmerge refuses to write: a folder,
// a device, a named pipe or a socket where a file is expected (writing
// through a rename would replace it: /dev/full would become a plain file),
// or anything but a folder where a folder is expected. It is a misuse of
// the command line (exit 2), named in the run's language by Text.
type TargetError struct {
	Path   string // as the user gave it
	What   string // one of the What constants
	Folder bool   // a folder was expected
}

func (e *TargetError) Error() string { return e.Text(lang.EN) }

// Text says what is wrong, in language l.
func (e *TargetError) Text(l string) string {
	if e.What == WhatLinkLoop {
		return fmt.Sprintf(lang.Pick(l, "%s: quá nhiều liên kết tượng trưng (có vòng lặp?): hãy chọn đường dẫn khác",
			"%s: too many symbolic links (a loop?): choose another path"), e.Path)
	}
	what := map[string]lang.Text{
		WhatFolder: lang.T("một thư mục", "a folder"),
		WhatDevice: lang.T("một thiết bị", "a device"),
		WhatPipe:   lang.T("một đường ống có tên (FIFO)", "a named pipe (FIFO)"),
		WhatSocket: lang.T("một socket", "a socket"),
		WhatOther:  lang.T("không phải tệp thường", "not a regular file"),
		WhatFile:   lang.T("một tệp", "a file"),
	}[e.What].In(l)
	if e.Folder {
		return fmt.Sprintf(lang.Pick(l, "%s là %s, không phải thư mục: cần một thư mục để ghi kết quả vào (thư mục có sẵn hoặc đường dẫn mới)",
			"%s is %s, not a folder: expected a folder to write into (an existing folder or a new path)"), e.Path, what)
	}
	if e.What == WhatFolder {
		return fmt.Sprintf(lang.Pick(l, "%s là một thư mục: cần đường dẫn của tệp để ghi (tệp thường hoặc đường dẫn mới), ví dụ %s/ten-tep",
			"%s is a folder: expected the path of a file to write (a regular file or a new path), e.g. %s/name"), e.Path, e.Path)
	}
	if e.What == WhatOther {
		return fmt.Sprintf(lang.Pick(l, "%s %s: archmerge chỉ ghi kết quả vào tệp thường hoặc đường dẫn mới",
			"%s is %s: archmerge writes its outputs only to regular files or new paths"), e.Path, what)
	}
	return fmt.Sprintf(lang.Pick(l, "%s là %s, không phải tệp: archmerge chỉ ghi kết quả vào tệp thường hoặc đường dẫn mới, không bao giờ thay thế %s",
		"%s is %s, not a file: archmerge writes its outputs only to regular files or new paths, and never replaces %s"), e.Path, what, what)
}

// kindOf names what a file mode that is not a regular file is.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return WhatFile
	case m.IsDir():
		return WhatFolder
	case m&fs.ModeNamedPipe != 0:
		return WhatPipe
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return WhatDevice
	case m&fs.ModeSocket != 0:
		return WhatSocket
	}
	return WhatOther
}

// targetError is the refusal of a file output at path, of mode m.
func targetError(path string, m fs.FileMode) error {
	return &TargetError{Path: path, What: kindOf(m)}
}
