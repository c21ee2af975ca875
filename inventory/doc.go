// Package inventory is the architecture-inventory model: elements (the
// applications, portals, platforms, datasets, hosts… an old unit declares)
// and the relations between them, their columns with English keys and
// Vietnamese labels, per-column validation, and the readers and writers of
// the inventory formats (XLSX, CSV pair, JSON).
//
// An element's key is "unit_code/id", where unit_code is the old unit that
// declares it. Readers normalise text to NFC, restore codes a spreadsheet
// turned into numbers, and resolve relation endpoints; an endpoint that
// resolves nowhere is kept, to be flagged by the engine, never rejected.
package inventory
