// Package mapping holds administrative units and the old→new crosswalk of a
// restructuring: the units before and after, each code qualified by its
// vintage (a bare code is never a key: new commune 00691 is not old commune
// 00691), the mapping rows with their legal basis, the districts derived from
// them, and the name normaliser and lookup index that answer "what did this
// old unit become?".
//
// The official 2025 Vietnam restructuring is embedded (data/, with its
// attribution in data/README.md) and returned by Builtin. User mappings are
// read by ReadDir and ReadXLSX and checked by Validate.
//
// The history of the units since 2019 (history/, sources in
// history/README.md) is embedded too: every version of every unit between
// the list of 16 October 2018 and that of 30 June 2025 and every change with
// its act. Mapping.History attaches it to any mapping whose old units are
// that last list; the lookup index (Index.Lookup) then reads codes and names
// of any date and answers with their chain to the units of 1 July 2025.
package mapping
