package mapping

import (
	"embed"
	"fmt"
	"sync"
)

//go:embed data/old_units.csv data/new_units.csv data/mapping.csv data/README.md
var builtinFS embed.FS

// BuiltinName names the embedded official 2025 mapping.
const BuiltinName = "vn2025"

var builtin = sync.OnceValues(func() (*Mapping, error) {
	oldF, err := builtinFS.Open("data/old_units.csv")
	if err != nil {
		return nil, err
	}
	defer oldF.Close()
	newF, err := builtinFS.Open("data/new_units.csv")
	if err != nil {
		return nil, err
	}
	defer newF.Close()
	mapF, err := builtinFS.Open("data/mapping.csv")
	if err != nil {
		return nil, err
	}
	defer mapF.Close()
	m, probs := ReadCSV(BuiltinName, oldF, newF, mapF)
	if len(probs) > 0 {
		return nil, fmt.Errorf("built-in mapping: %v", probs[0])
	}
	return m, nil
})

// Builtin returns the official 2025 restructuring (Resolution 202/2025/QH15
// and Resolutions 1654–1687/NQ-UBTVQH15), parsed once per process.
func Builtin() (*Mapping, error) { return builtin() }

// BuiltinAttribution returns the README of the embedded data set: where each
// figure comes from and under which licence.
func BuiltinAttribution() string {
	b, _ := builtinFS.ReadFile("data/README.md")
	return string(b)
}
