package inventory

import (
	"reflect"
	"strings"
	"testing"
)

// Amend reads a typed value with the readers' rules for its column's type
// and messages, and its stored form (Cell) reads back to the same value.
func TestAmendReadsLikeTheReaders(t *testing.T) {
	cases := []struct {
		name, field, typed string
		want               string // the stored form; "" with refused
		refused            string // in the Vietnamese message
	}{
		{"level in words", "security_level", "Cấp độ 3", "3", ""},
		{"level as a number", "security_level", "4", "4", ""},
		{"level out of range", "security_level", "cấp 9", "", "cấp độ không hợp lệ"},
		{"level blank", "security_level", "  ", "", ""},
		{"users with separators", "users", "1.200.000", "1200000", ""},
		{"users as a spreadsheet float", "users", "1200.0", "1200", ""},
		{"users a decimal", "users", "1,5", "", "không phải số nguyên không âm"},
		{"users negative", "users", "-3", "", "không phải số nguyên không âm"},
		{"date dd/mm/yyyy", "contract_end", "31/12/2027", "2027-12-31", ""},
		{"date serial", "contract_end", "46752", "2027-12-31", ""},
		{"date that does not exist", "contract_end", "30/02/2026", "", "không phải ngày hợp lệ"},
		{"status in Vietnamese", "status", "đang hoạt động", "active", ""},
		{"status label", "status", "Sắp dừng", "retiring", ""},
		{"status unknown", "status", "tạm ngưng", "", "trạng thái không hợp lệ"},
		{"personal data có", "personal_data", "có", "yes", ""},
		{"personal data x", "personal_data", "x", "yes", ""},
		{"personal data maybe", "personal_data", "có lẽ", "", "không phải có/không"},
		{"owner NFD and spaces", "owner", "  So\u031b\u0309 Nội vụ ", "Sở Nội vụ", ""},
		{"decision text", "security_decision", "QĐ 15/QĐ-UBND", "QĐ 15/QĐ-UBND", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			col := ElementColumn(c.field)
			if col == nil || !col.Amendable {
				t.Fatalf("%s is not an amendable column", c.field)
			}
			e := Element{Unit: "08", ID: "X", Kind: Application, Owner: "Cũ", SecurityLevel: 2, Users: 7, Status: "planned", ContractEnd: "2026-01-01"}
			before := e
			msg, ok := col.Amend(&e, c.typed)
			if c.refused != "" {
				if ok || !strings.Contains(msg.VI, c.refused) || !strings.Contains(msg.VI, "cần "+col.Expect.VI) || !strings.Contains(msg.EN, "expected "+col.Expect.EN) {
					t.Fatalf("Amend(%q) = %v, %+v; want refused with %q", c.typed, ok, msg, c.refused)
				}
				if !reflect.DeepEqual(e, before) {
					t.Errorf("a refused value changed the element: %+v", e)
				}
				return
			}
			if !ok {
				t.Fatalf("Amend(%q) refused: %v", c.typed, msg)
			}
			if got := col.Cell(&e); got != c.want {
				t.Fatalf("stored form %q, want %q", got, c.want)
			}
			// The stored form reads back to the same value.
			again := before
			if _, ok := col.Amend(&again, col.Cell(&e)); !ok || col.Cell(&again) != c.want {
				t.Errorf("the stored form %q reads back as %q", col.Cell(&e), col.Cell(&again))
			}
		})
	}
}

func TestApplyAmendmentsInAnyOrder(t *testing.T) {
	elems := []Element{{Unit: "08", ID: "B"}, {Unit: "02", ID: "A", SecurityLevel: 1}}
	err := ApplyAmendments(elems, []Amendment{
		{Key: "02/A", Field: "security_level", Value: "2"},
		{Key: "02/A", Field: "security_level", Value: "3"},
		{Key: "08/B", Field: "owner", Value: "Sở Nội vụ"},
		{Key: "99/Z", Field: "owner", Value: "not planned"},
	})
	if err != nil || elems[1].SecurityLevel != 3 || elems[0].Owner != "Sở Nội vụ" {
		t.Errorf("%v: %+v", err, elems)
	}
	if err := ApplyAmendments(elems, []Amendment{{Key: "02/A", Field: "name", Value: "x"}}); err == nil {
		t.Error("an amendment of the name was applied")
	}
}
