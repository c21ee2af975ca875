package lookupfmt

import (
	"encoding/json"
	"io"
	"unicode/utf8"

	"github.com/ndta-vn/archmerge/mapping"
)

// The JSON shape of one answer, as documented in docs/lookup.md.
type answerJSON struct {
	Query        string      `json:"query"`
	Status       string      `json:"status"`
	Matches      []matchJSON `json:"matches"`
	Unrecognised string      `json:"unrecognised,omitempty"`
	TooLong      bool        `json:"too_long,omitempty"`
}

type unitJSON struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Level   string `json:"level"`
	Vintage string `json:"vintage"`
}

type matchJSON struct {
	Unit         unitJSON              `json:"unit"`
	History      *historyJSON          `json:"history,omitempty"`
	Successors   *[]mapping.LinkedUnit `json:"successors,omitempty"`
	Predecessors *[]mapping.LinkedUnit `json:"predecessors,omitempty"`
}

type historyJSON struct {
	ValidFrom string     `json:"valid_from,omitempty"`
	ValidTo   string     `json:"valid_to"`
	Complete  bool       `json:"complete"`
	Steps     []stepJSON `json:"steps"`
}

type stepUnitJSON struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

type stepJSON struct {
	Date       string        `json:"date"`
	Kind       string        `json:"kind"`
	From       stepUnitJSON  `json:"from"`
	To         *stepUnitJSON `json:"to,omitempty"`
	Resolution string        `json:"resolution,omitempty"`
	Note       string        `json:"note,omitempty"`
}

// maxEcho bounds the query echoed for a line too long to be read.
const maxEcho = 200

// writeJSON writes one answer as one line of JSON: with the successors of
// each match for old units (v), with its predecessors for new ones.
func writeJSON(w io.Writer, ans mapping.Answer, v mapping.Vintage) error {
	out := answerJSON{Query: ans.Query, Status: string(ans.Status), Matches: make([]matchJSON, len(ans.Matches)),
		Unrecognised: ans.Unrecognised, TooLong: ans.TooLong}
	if ans.TooLong {
		out.Query = clipQuery(ans.Query)
	}
	for i, mt := range ans.Matches {
		u := mt.Unit
		out.Matches[i].Unit = unitJSON{Code: u.Code, Name: u.Name, Level: string(u.Level), Vintage: string(u.Vintage)}
		if h := mt.History; h != nil {
			hj := &historyJSON{ValidFrom: h.ValidFrom, ValidTo: h.ValidTo, Complete: h.Complete, Steps: make([]stepJSON, len(h.Steps))}
			for j, s := range h.Steps {
				sj := stepJSON{Date: s.Date, Kind: string(s.Kind), Resolution: s.Act, Note: s.Note,
					From: stepUnitJSON{s.From.Code, s.From.Name, string(s.From.Level)}}
				if s.To != nil {
					sj.To = &stepUnitJSON{s.To.Code, s.To.Name, string(s.To.Level)}
				}
				hj.Steps[j] = sj
			}
			out.Matches[i].History = hj
		}
		if v == mapping.New {
			ls := nonNil(mt.Predecessors)
			out.Matches[i].Predecessors = &ls
		} else {
			ls := nonNil(mt.Successors)
			out.Matches[i].Successors = &ls
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// clipQuery shortens a query too long to be read, for the echo.
func clipQuery(q string) string {
	if len(q) <= maxEcho {
		return q
	}
	q = q[:maxEcho]
	for !utf8.ValidString(q) {
		q = q[:len(q)-1]
	}
	return q + "…"
}

// nonNil makes an empty list of links write as [], never null.
func nonNil(ls []mapping.LinkedUnit) []mapping.LinkedUnit {
	if ls == nil {
		return []mapping.LinkedUnit{}
	}
	return ls
}
