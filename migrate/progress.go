package migrate

// Progress hears how planning advances: a stage starts with the number of
// steps it will take, then steps are added as they complete. The command
// line draws a progress bar from it; the engine never depends on it.
type Progress interface {
	Stage(name string, total int)
	Add(n int)
}

// noProgress is the default Progress: it ignores everything.
type noProgress struct{}

func (noProgress) Stage(string, int) {}
func (noProgress) Add(int)           {}
