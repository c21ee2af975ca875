package migrate

import (
	"context"
	"testing"

	"github.com/ndta-vn/archmerge/inventory"
)

type countingProgress struct {
	stages []string
	added  int
}

func (c *countingProgress) Stage(name string, total int) { c.stages = append(c.stages, name) }
func (c *countingProgress) Add(n int)                    { c.added += n }

func TestProgressIsReported(t *testing.T) {
	m := builtin(t)
	els, rels, decs := tuyenQuang()
	in := input(m, els, rels, decs)
	var pr countingProgress
	in.Progress = &pr
	p := build(t, in)
	if len(pr.stages) != 3 || pr.added == 0 {
		t.Errorf("progress heard stages %v and %d steps", pr.stages, pr.added)
	}
	in.Progress = nil
	if a, b := planJSON(t, p), planJSON(t, build(t, in)); string(a) != string(b) {
		t.Error("the progress listener changed the plan")
	}
}

func TestProvinceFingerprints(t *testing.T) {
	m := builtin(t)
	els := []inventory.Element{el("08/A", app, "Quản lý cán bộ"), el("01/A", app, "Quản lý cán bộ")}
	before := build(t, input(m, els, nil, nil))
	changed := append([]inventory.Element(nil), els...)
	changed[1].Name = "Quản lý công chức"
	after := build(t, input(m, changed, nil, nil))
	fp := func(p *Plan, code string) string {
		for _, s := range p.Provinces {
			if s.Code == code {
				return s.Fingerprint
			}
		}
		t.Fatalf("no province %s", code)
		return ""
	}
	if fp(before, "08") != fp(after, "08") {
		t.Error("a change in Hà Nội changed Tuyên Quang's fingerprint")
	}
	if fp(before, "01") == fp(after, "01") {
		t.Error("a change in Hà Nội left its fingerprint unchanged")
	}
	if before.Fingerprint == after.Fingerprint || before.ID == after.ID {
		t.Error("the plan fingerprint did not change")
	}
	withDecision := build(t, input(m, els, nil, []Decision{{Key: "08/A", Treatment: Retire}}))
	if fp(withDecision, "08") == fp(before, "08") || fp(withDecision, "01") != fp(before, "01") {
		t.Error("a decision on 08/A must change 08's fingerprint and only it")
	}
}

func TestBuildRejectsBadInput(t *testing.T) {
	m := builtin(t)
	if _, err := Build(context.Background(), Input{AsOf: "2026-01-01"}); err == nil {
		t.Error("no mapping: no error")
	}
	if _, err := Build(context.Background(), Input{Mapping: m, AsOf: "01/06/2026"}); err == nil {
		t.Error("bad date: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, input(m, []inventory.Element{el("08/A", app, "A")}, nil, nil)); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestRoutingAndDecidedUnits(t *testing.T) {
	m := builtin(t)
	els := []inventory.Element{
		el("02/A", app, "A"),    // absorbed province → 08
		el("024/A", app, "A"),   // abolished district → 08
		el("00692/A", app, "A"), // whole merge → 00691
		el("00688/A", app, "A"), // split, no whole, no kept code → first in resolution order (clause 110: 00694)
		el("00967/A", app, "A"), // split, kept its code → 00967
		el("00688/B", app, "B"), // split, decided onto a candidate
		el("00688/C", app, "C"), // split, decided onto a unit that is not a successor
		el("99999/X", app, "X"), // unknown unit
		el("00692/B", app, "B", status("retired")),
	}
	decs := []Decision{{Key: "00688/B", NewUnit: "00691"}, {Key: "00688/C", NewUnit: "00967"}}
	p := build(t, input(m, els, nil, decs))
	want := map[string]string{"02/A": "08", "024/A": "08", "00692/A": "00691", "00688/A": "00694", "00967/A": "00967",
		"00688/B": "00691", "00688/C": "00694", "99999/X": "", "00692/B": "00691"}
	got := map[string]PlannedElement{}
	for _, e := range p.Elements {
		got[e.Key] = e
	}
	for k, u := range want {
		if got[k].NewUnit != u {
			t.Errorf("%s routed to %q, want %q (reasons %v)", k, got[k].NewUnit, u, got[k].Reasons)
		}
	}
	if got["00692/B"].Treatment != Retire || got["00692/A"].Treatment != Continue {
		t.Errorf("treatments: retired %s, live %s", got["00692/B"].Treatment, got["00692/A"].Treatment)
	}
	for _, e := range p.Elements {
		if e.Element == nil || e.Element.Key() != e.Key {
			t.Errorf("element %s: imported element %v", e.Key, e.Element != nil)
		}
		for _, r := range e.Reasons {
			if r.VI == "" || r.EN == "" {
				t.Errorf("element %s: a reason lacks a language: %+v", e.Key, r)
			}
		}
	}
	var split []Flag
	for _, f := range flagsOf(p, "SPLIT_ALLOCATION") {
		if f.Elements[0] == "00688/C" {
			split = append(split, f)
		}
	}
	if len(split) != 1 || split[0].Resolved || len(split[0].Candidates) != 2 {
		t.Errorf("SPLIT_ALLOCATION of 00688/C = %+v", split)
	}
}
