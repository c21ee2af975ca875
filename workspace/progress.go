package workspace

// Progress hears how a long workflow advances: a batch's stages and the
// items each one finishes. The command line draws it as a progress bar on
// a terminal and as log lines otherwise. Methods may be called from
// several goroutines at once.
type Progress interface {
	// Stage starts a stage of total items, named in the workspace's
	// language.
	Stage(name string, total int)
	// Done counts n items of the stage as finished; item names the last
	// one, or is empty.
	Done(n int, item string)
	// Finish ends the last stage.
	Finish()
}

// quiet is the Progress that hears nothing.
type quiet struct{}

func (quiet) Stage(string, int) {}
func (quiet) Done(int, string)  {}
func (quiet) Finish()           {}

func orQuiet(p Progress) Progress {
	if p == nil {
		return quiet{}
	}
	return p
}
