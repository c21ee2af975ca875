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
package mapping
