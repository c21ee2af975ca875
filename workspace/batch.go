package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ndta-vn/archmerge/internal/outfile"

	"golang.org/x/sync/errgroup"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
	"github.com/ndta-vn/archmerge/store"
)

// BatchOptions set up a national run.
type BatchOptions struct {
	Paths []string // files and folders of inventories
	Out   string   // folder for the workbooks
	Jobs  int      // provinces processed in parallel
	AsOf  string   // plan date; empty: today
	Force bool     // redo every province, even unchanged ones
}

// BatchResult is what a batch did.
type BatchResult struct {
	Inputs    int                       `json:"inputs"`
	Elements  int                       `json:"elements"`
	PlanID    string                    `json:"plan_id"`
	Written   []string                  `json:"written"`
	Skipped   []string                  `json:"skipped"`
	Failed    []BatchFailure            `json:"failed"`
	Provinces []migrate.ProvinceSummary `json:"provinces"`
	Seconds   map[string]float64        `json:"seconds"`
	// Dashboard is the national page of the dashboard written beside the
	// workbooks (DIR/dashboard/index.html).
	Dashboard string `json:"dashboard,omitempty"`
	// Overridden are the corrections recorded from workbooks that the
	// inventories imported overrode (see store.UnitImport).
	Overridden []store.Overridden `json:"overridden_amendments,omitempty"`
	// Contradictions are merge decisions in force that cannot hold
	// together (recorded by an earlier version): decide them again.
	Contradictions []migrate.Contradiction `json:"contradictions,omitempty"`
}

// BatchFailure is a province, or an input, that did not finish.
type BatchFailure struct {
	Province string `json:"province"` // new province code, or "" when it could not be told
	Name     string `json:"name,omitempty"`
	Input    string `json:"input,omitempty"`
	Reason   string `json:"reason"`
}

// batchMemoryLimit is the soft heap limit of a batch (see
// runtime/debug.SetMemoryLimit): the garbage collector works harder as the
// heap nears it, so a national run at scale 10 stays within 2 GiB.
const batchMemoryLimit = 1280 << 20

// softMemoryLimit sets the soft heap limit of a national run, unless the
// user set GOMEMLIMIT, and returns what puts the previous one back: the
// garbage collector then works harder as the heap nears it, instead of
// letting garbage double the peak. Every command that plans the country
// part by part runs under it (batch, plan, report, export, dashboard).
func softMemoryLimit() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetMemoryLimit(batchMemoryLimit)
	return func() { debug.SetMemoryLimit(old) }
}

// batchInput is one inventory and what reading it gave.
type batchInput struct {
	in     inventory.Input
	res    *inventory.Result
	err    error
	newPro map[string]bool // new provinces its units belong to
}

// Batch imports every inventory under the paths, plans every new province
// and writes its workbook and the national summary, in parallel, and the
// dashboard in Out/dashboard (a page per province, written from the same
// plan as its workbook, and the national page). A bad
// input fails only the provinces it belongs to: the result lists what did
// not finish, with a Partial error. Cancelling the context stops cleanly;
// the same batch run again resumes, skipping provinces whose inputs and
// workbooks are unchanged (a manifest in the output folder records them).
func (w *Workspace) Batch(ctx context.Context, o BatchOptions, prog Progress) (*BatchResult, error) {
	prog = orQuiet(prog)
	res := &BatchResult{Seconds: map[string]float64{}}
	if o.Jobs < 1 {
		return nil, Usage(fmt.Errorf("--jobs %d: %s", o.Jobs, w.t("cần từ 1 trở lên", "expected 1 or more")))
	}
	asOf, err := w.ParseDate("--as-of", o.AsOf)
	if err != nil {
		return nil, err
	}
	if asOf == "" {
		asOf = Today()
	}
	t0 := time.Now()
	inputs, err := w.findBatchInputs(o)
	if err != nil {
		return nil, err
	}
	st, err := w.create(ctx)
	if err != nil {
		return nil, err
	}
	m, err := w.Mapping(ctx)
	if err != nil {
		return nil, err
	}
	res.Inputs = len(inputs)

	// 1. Read every input on its own, in parallel.
	known, err := st.KnownKeys(ctx)
	if err != nil {
		return nil, err
	}
	// A new workspace stores its mapping on first use (some 25,000 rows):
	// while the inputs are read, not when planning waits for it.
	mapped := make(chan error, 1)
	go func() {
		_, _, err := st.ActiveMapping(ctx)
		mapped <- err
	}()
	prog.Stage(w.t("Đọc bản kê khai", "Reading inventories"), len(inputs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Jobs)
	for _, in := range inputs {
		g.Go(func() error {
			in.res, in.err = inventory.ReadInputs(gctx, []inventory.Input{in.in}, m, known)
			if gctx.Err() != nil {
				return gctx.Err()
			}
			in.newPro = inputProvinces(m, in)
			prog.Done(1, "")
			return nil
		})
	}
	readErr := g.Wait()
	if err := <-mapped; readErr == nil && err != nil {
		readErr = err
	}
	if readErr != nil {
		return nil, w.stopped(readErr, "")
	}
	res.Seconds["read"] = time.Since(t0).Seconds()
	failedProv, good := w.batchFailures(inputs, res)

	// 2. Import the good inputs in one transaction, unless every one of
	// them is already in the workspace unchanged.
	t1 := time.Now()
	goodRes := make([]*inventory.Result, len(good))
	for i, in := range good {
		goodRes[i] = in.res
	}
	merged := inventory.Merge(goodRes)
	defer softMemoryLimit()()
	res.Elements = len(merged.Elements)
	unchanged, err := st.FilesUnchanged(ctx, merged.Files)
	if err != nil {
		return nil, err
	}
	var imported *store.ImportSummary
	var ahead *importAhead
	if !unchanged || o.Force {
		// When the import can change nothing but the inventory of its
		// units, planning starts from the rows read while they are
		// imported (importAhead); otherwise after the import.
		in, before, ok, err := st.PlanInputAhead(ctx, asOf, merged)
		if err != nil {
			return nil, err
		}
		if ok {
			ahead = startImportAhead(ctx, st, merged, in, before)
		} else {
			prog.Stage(w.t("Nhập vào kho", "Importing"), 1)
			if imported, err = st.ImportInventory(ctx, merged); err != nil {
				return nil, w.stopped(err, w.t("chưa nhập được bản kê khai nào", "no inventory was imported"))
			}
			prog.Done(1, "")
			res.Seconds["import"] = time.Since(t1).Seconds()
		}
	}
	// What was read is in the workspace now (or is being imported): what
	// was imported is planned from as it is (not read back), the rest let
	// go before planning.
	var plan *inventory.Result
	if imported != nil {
		plan = merged
	}
	merged, good, goodRes = nil, nil, nil
	for _, in := range inputs {
		in.res = nil
	}
	runtime.GC()

	// 3 and 4. Plan and write part by part.
	if ahead != nil {
		if err := w.batchPlanAhead(ctx, st, m, o, asOf, ahead, failedProv, res, prog, t0); err != nil {
			return nil, err
		}
		imported = ahead.sum
	} else if err := w.batchPlanWrite(ctx, st, m, o, asOf, planFrom{res: plan, sum: imported}, failedProv, res, prog, t0); err != nil {
		return nil, err
	}
	if imported != nil {
		for _, u := range imported.Units {
			res.Overridden = append(res.Overridden, u.Overridden...)
		}
	}
	if res.Contradictions, err = w.contradictions(ctx, st, m, nil); err != nil {
		return nil, err
	}
	if len(res.Failed) > 0 {
		return res, Partial(errors.New(w.tf("%s không hoàn thành (xem danh sách ở trên)", "%s did not finish (listed above)", w.count(len(res.Failed), "tỉnh/đầu vào", "province or input", "provinces or inputs"))))
	}
	return res, nil
}

// findBatchInputs lists the batch's inventories, each once, none from its
// output folder.
func (w *Workspace) findBatchInputs(o BatchOptions) ([]*batchInput, error) {
	// Before anything is imported: an --out that cannot be a folder
	// would otherwise fail only once the inventories are in.
	if err := outfile.CheckFolder(o.Out); err != nil {
		return nil, err
	}
	absOut, _ := filepath.Abs(o.Out)
	for _, p := range o.Paths {
		if abs, _ := filepath.Abs(p); abs == absOut {
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				return nil, Usage(errors.New(w.tf("--out %s cũng là thư mục bản kê khai: hãy ghi sổ vào chỗ khác (ví dụ một thư mục con)",
					"--out %s is also a folder of inventories: write the workbooks elsewhere (e.g. a sub-folder)", o.Out)))
			}
		}
	}
	found, probs, err := inventory.Find(o.Paths, o.Out)
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	if len(found) == 0 {
		return nil, Rejected(errors.New(w.tf("không tìm thấy bản kê khai nào (.xlsx, .json, elements.csv + relations.csv) trong %s",
			"no inventory (.xlsx, .json, elements.csv + relations.csv) found under %s", strings.Join(o.Paths, ", "))))
	}
	if len(probs) > 0 {
		lines := make([]string, len(probs))
		for i, p := range probs {
			lines[i] = p.Text(w.lang)
		}
		return nil, Rejected(errors.New(strings.Join(lines, "\n")))
	}
	out := make([]*batchInput, len(found))
	for i, in := range found {
		out[i] = &batchInput{in: in}
	}
	return out, nil
}

// batchFailures records the inputs that cannot be imported (unreadable,
// rejected, or declaring an element another input declares too) against
// the provinces they belong to, and returns those provinces and the good
// inputs.
func (w *Workspace) batchFailures(inputs []*batchInput, res *BatchResult) (map[string]BatchFailure, []*batchInput) {
	readOK := make([]*inventory.Result, len(inputs))
	for i, in := range inputs {
		if in.err == nil && len(in.res.Problems) == 0 {
			readOK[i] = in.res
		}
	}
	overlaps := inventory.Overlaps(readOK)
	failedProv := map[string]BatchFailure{}
	var good []*batchInput
	for i, in := range inputs {
		reason := ""
		if ov, ok := overlaps[i]; ok {
			reason = w.tf("phần tử %s cũng được khai báo trong %s: mỗi phần tử chỉ được khai báo ở một đầu vào",
				"element %s is also declared in %s: each element must come from one input", ov.Key, inputs[ov.Other].in.Name())
		}
		switch {
		case in.err != nil:
			reason = in.err.Error()
		case len(in.res.Problems) > 0:
			reason = w.tf("%s, đầu tiên: %s", "%s, the first: %s", w.problemCount(len(in.res.Problems)), in.res.Problems[0].Text(w.lang))
		}
		if reason == "" {
			good = append(good, in)
			continue
		}
		if len(in.newPro) == 0 {
			res.Failed = append(res.Failed, BatchFailure{Input: in.in.Name(), Reason: reason})
		}
		for p := range in.newPro {
			f := BatchFailure{Province: p, Input: in.in.Name(), Reason: reason}
			if _, dup := failedProv[p]; !dup {
				failedProv[p] = f
			} else {
				res.Failed = append(res.Failed, f) // another failing input of a province already failed
			}
		}
	}
	return failedProv, good
}

// planFrom is what a batch just imported (the rows read and the import's
// summary), which it plans from as they are (store.PlanInputAfterImport),
// or nothing, when it imported nothing: the plan input is then read.
type planFrom struct {
	res *inventory.Result
	sum *store.ImportSummary
	// ahead, when set, is an import in progress and the input planned
	// from meanwhile (importAhead): nothing is written before it is done.
	ahead *importAhead
}

// batchPlanWrite plans and writes part by part (planParts): only the parts
// in progress have their plan in memory, and each part's plan is exactly the
// national plan for its provinces (migrate tests hold this). A part whose
// provinces were planned from the same inputs (their recorded state) and
// whose workbooks are unchanged since is not planned again.
func (w *Workspace) batchPlanWrite(ctx context.Context, st *store.Store, m *mapping.Mapping, o BatchOptions, asOf string, from planFrom,
	failedProv map[string]BatchFailure, res *BatchResult, prog Progress, t0 time.Time) error {
	t2 := time.Now()
	var in migrate.Input
	var state store.State
	var err error
	ahead := from.ahead
	switch {
	case ahead != nil:
		in = ahead.in
		ahead.in = migrate.Input{}
	case from.res != nil:
		in, state, err = st.PlanInputAfterImport(ctx, asOf, from.res, from.sum)
	default:
		in, state, err = st.PlanInput(ctx, asOf, nil)
	}
	from = planFrom{}
	if err != nil {
		return w.stopped(err, w.t("đã nhập bản kê khai; chưa lập phương án", "inventories imported; not planned"))
	}
	// Nothing is written, not even the output folder, before an import
	// in progress is done and what was planned from holds.
	var ready sync.Once
	var readyErr error
	waitReady := func() error {
		ready.Do(func() {
			if ahead != nil {
				if state, readyErr = ahead.wait(ctx, st); readyErr != nil {
					return
				}
			}
			if err := outfile.Folder(o.Out); err != nil {
				readyErr = fmt.Errorf("batch: %w", err)
			}
		})
		return readyErr
	}
	man, err := loadManifest(o.Out)
	if err != nil {
		return err
	}
	prior, err := st.ProvinceStates(ctx)
	if err != nil {
		return err
	}
	meta := w.meta(st.ID(), "")
	var mu sync.Mutex
	failed := func(code string) bool {
		mu.Lock()
		defer mu.Unlock()
		_, bad := failedProv[code]
		return bad
	}
	reuse := func(provinces []string, fp string) ([]migrate.ProvinceSummary, bool) {
		if o.Force {
			return nil, false
		}
		var sums []migrate.ProvinceSummary
		key := manifestKey(fp, meta)
		for _, code := range provinces {
			ps, ok := prior[code]
			if !ok || ps.AsOf != asOf || ps.Summary.Fingerprint != fp || failed(code) ||
				!man.unchanged(o.Out, code, key) || !man.unchanged(o.Out, pageEntry(code), key) {
				return nil, false
			}
			// A record stored before summaries counted flags by code and
			// elements by layer cannot feed the national dashboard.
			if ps.Summary.ElementsBefore > 0 && len(ps.Summary.ByLayer) == 0 {
				return nil, false
			}
			sums = append(sums, ps.Summary)
		}
		mu.Lock()
		res.Skipped = append(res.Skipped, provinces...)
		mu.Unlock()
		prog.Done(len(provinces), "")
		return sums, true
	}
	writePart := func(plan *migrate.Plan) error {
		pmeta := w.meta(st.ID(), plan.ID)
		for _, ps := range plan.Provinces {
			if err := w.batchProvince(ctx, o, plan, m, ps, pmeta, man, failedProv, res, &mu, prog); err != nil {
				return err
			}
		}
		return nil
	}
	held := &heldPlans{budget: heldBudget}
	oneAhead := make(chan struct{}, 1)
	var planNanos atomic.Int64
	stage := func(n int) {
		prog.Stage(w.t("Lập phương án và xuất sổ đối soát", "Planning and writing workbooks"), n+1)
	}
	record, err := w.planParts(ctx, in, partRun{jobs: o.Jobs, started: stage, reuse: reuse,
		built: func(d time.Duration) { planNanos.Add(int64(d)) },
		building: func() func() {
			if ahead == nil || ahead.over() {
				return func() {}
			}
			// One part planned at a time while the import runs: it
			// takes the other core, and the import stays at full speed.
			oneAhead <- struct{}{}
			return func() { <-oneAhead }
		},
		each: func(plan *migrate.Plan, _ string) error {
			// While an import ahead runs, a plan built waits for it
			// without holding its worker, within the budget: planning
			// goes on meanwhile.
			if ahead != nil && !ahead.over() && held.hold(plan) {
				return nil
			}
			if err := waitReady(); err != nil {
				return err
			}
			if err := writePart(plan); err != nil {
				return err
			}
			for p := held.take(); p != nil; p = held.take() {
				if err := writePart(p); err != nil {
					return err
				}
			}
			return nil
		}})
	in = migrate.Input{}
	if err == nil {
		err = waitReady() // when every part was reused, or held
	}
	for p := held.take(); err == nil && p != nil; p = held.take() {
		err = writePart(p)
	}
	if err != nil {
		return w.stopped(err, w.tf("đã xuất %s; chạy lại đúng lệnh này để tiếp tục", "%s written; run the same command again to resume", w.count(len(res.Written), "sổ", "workbook", "workbooks")))
	}
	res.PlanID = record.ID
	res.Provinces = record.Provinces
	res.Seconds["plan"] = float64(planNanos.Load()) / 1e9 / float64(o.Jobs)
	if _, err := w.save(ctx, st, record, state); err != nil {
		return err
	}
	meta = w.meta(st.ID(), record.ID)
	hist, err := w.nationalHistory(ctx)
	if err != nil {
		return err
	}
	// The summary shows the weeks up to this one: a new week writes it
	// again even when nothing else changed.
	natKey := manifestKey(record.Fingerprint, meta)
	if n := len(hist.Weeks); n > 0 {
		natKey += " " + hist.Weeks[n-1].ID
	}
	if o.Force || len(res.Written) > 0 || !man.unchanged(o.Out, "national", natKey) {
		path, err := reports.WriteNational(ctx, o.Out, record, m, meta, hist)
		if err != nil {
			res.Failed = append(res.Failed, BatchFailure{Name: reports.NationalFileName, Reason: err.Error()})
		} else {
			res.Written = append(res.Written, filepath.Base(path))
			man.record(o.Out, "national", path, natKey)
			if err := man.save(o.Out); err != nil {
				return err
			}
		}
	} else {
		res.Skipped = append(res.Skipped, "national")
	}
	dash := filepath.Join(o.Out, reports.DashboardFolder)
	index, err := w.writeNationalDashboard(ctx, st, m, dash, w.dashboardMeta(st, record.ID, asOf), res.Provinces,
		linkIfExists(dash, filepath.Join(o.Out, reports.NationalFileName)))
	if err != nil {
		res.Failed = append(res.Failed, BatchFailure{Name: filepath.Join(reports.DashboardFolder, reports.DashboardIndex), Reason: err.Error()})
	} else {
		res.Dashboard = index
	}
	prog.Done(1, "")
	prog.Finish()
	res.Seconds["report"] = time.Since(t2).Seconds() - res.Seconds["plan"]
	res.Seconds["total"] = time.Since(t0).Seconds()

	for _, f := range failedProv {
		res.Failed = append(res.Failed, f)
	}
	for i := range res.Failed {
		if f := &res.Failed[i]; f.Name == "" && f.Province != "" {
			if u, ok := m.NewUnit(f.Province); ok {
				f.Name = u.Name
			}
		}
	}
	sort.Slice(res.Failed, func(i, j int) bool {
		if res.Failed[i].Province != res.Failed[j].Province {
			return res.Failed[i].Province < res.Failed[j].Province
		}
		return res.Failed[i].Input < res.Failed[j].Input
	})
	sort.Strings(res.Written)
	sort.Strings(res.Skipped)
	return nil
}

// batchProvince writes one province's workbook from its part's plan,
// unless the province failed on input or is unchanged since the last run.
func (w *Workspace) batchProvince(ctx context.Context, o BatchOptions, plan *migrate.Plan, m *mapping.Mapping, ps migrate.ProvinceSummary,
	meta reports.Meta, man *manifest, failedProv map[string]BatchFailure, res *BatchResult, mu *sync.Mutex, prog Progress) error {
	mu.Lock()
	f, bad := failedProv[ps.Code]
	if bad {
		f.Name = ps.Name
		failedProv[ps.Code] = f
	}
	mu.Unlock()
	if bad {
		prog.Done(1, "")
		return nil
	}
	key := manifestKey(ps.Fingerprint, meta)
	bookSame := !o.Force && man.unchanged(o.Out, ps.Code, key)
	pageSame := !o.Force && man.unchanged(o.Out, pageEntry(ps.Code), key)
	if bookSame && pageSame {
		mu.Lock()
		res.Skipped = append(res.Skipped, ps.Code)
		mu.Unlock()
		prog.Done(1, "")
		return nil
	}
	path := filepath.Join(o.Out, reports.ProvinceFileName(ps.Code, ps.Name))
	// The province's rows, gathered once for its workbook and its page.
	g, err := reports.Gather(plan, m, ps.Code, meta)
	if err == nil && !bookSame {
		path, err = g.WriteWorkbook(ctx, o.Out)
		if err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	// The province's dashboard page, from the same plan, links its
	// workbook.
	var page string
	if err == nil && !pageSame {
		dash := filepath.Join(o.Out, reports.DashboardFolder)
		page, err = g.WriteDashboard(dash, w.dashboardMeta(w.st, meta.PlanID, plan.AsOf), linkIfExists(dash, path))
		if err != nil {
			err = fmt.Errorf("%s: %w", reports.DashboardFolder, err)
		}
	}
	// A workbook finished as the run was cancelled is kept and recorded:
	// the rerun skips it.
	mu.Lock()
	switch {
	case err != nil:
		failedProv[ps.Code] = BatchFailure{Province: ps.Code, Name: ps.Name, Reason: err.Error()}
	case bookSame:
		res.Skipped = append(res.Skipped, ps.Code)
	default:
		res.Written = append(res.Written, filepath.Base(path))
		man.record(o.Out, ps.Code, path, key)
	}
	if page != "" {
		man.record(o.Out, pageEntry(ps.Code), page, key)
	}
	if err := man.save(o.Out); err != nil {
		mu.Unlock()
		return err
	}
	mu.Unlock()
	prog.Done(1, ps.Code+" "+ps.Name)
	return nil
}

// pageEntry names a province's dashboard page in the manifest.
func pageEntry(code string) string { return reports.DashboardFolder + "/" + code }

// stopped turns a cancelled or failed batch into an error that says what
// was done and what was not.
func (w *Workspace) stopped(err error, done string) error {
	if errors.Is(err, context.Canceled) {
		msg := w.t("đã dừng theo yêu cầu", "stopped on request")
		if done != "" {
			msg += ": " + done
		}
		return errors.New(msg)
	}
	if done != "" {
		return fmt.Errorf("%w (%s)", err, done)
	}
	return err
}

// inputProvinces tells which new provinces an input belongs to: those of
// the units it declares, else of the old province code its name starts
// with (as the fixtures and most provinces name their files and folders).
func inputProvinces(m *mapping.Mapping, in *batchInput) map[string]bool {
	out := map[string]bool{}
	if in.res != nil {
		for _, f := range in.res.Files {
			for _, u := range f.Units {
				if p := m.NewProvinceOf(u); p != "" {
					out[p] = true
				}
			}
		}
	}
	if len(out) == 0 {
		base := filepath.Base(in.in.Name())
		if len(base) >= 2 && mapping.IsDigits(base[:2]) && (len(base) == 2 || base[2] < '0' || base[2] > '9') {
			if p := m.NewProvinceOf(base[:2]); p != "" {
				out[p] = true
			}
		}
	}
	return out
}

// manifest records, per province, what the last batch wrote into a folder,
// so that a rerun skips provinces whose inputs and workbook are unchanged.
type manifest struct {
	mu      sync.Mutex
	Entries map[string]manifestEntry `json:"entries"`
}

type manifestEntry struct {
	File   string `json:"file"`   // relative to the folder, with slashes
	Key    string `json:"key"`    // inputs fingerprint, plan language and tool version
	SHA256 string `json:"sha256"` // of the workbook as written
}

const manifestName = ".archmerge-batch.json"

func manifestKey(fingerprint string, meta reports.Meta) string {
	return fingerprint + "|" + meta.Lang + "|" + meta.ToolVersion + "|" + meta.WorkspaceID
}

func loadManifest(dir string) (*manifest, error) {
	m := &manifest{Entries: map[string]manifestEntry{}}
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	if json.Unmarshal(b, m) != nil || m.Entries == nil {
		// A damaged manifest only costs a full rerun.
		m.Entries = map[string]manifestEntry{}
	}
	return m, nil
}

func (m *manifest) unchanged(dir, code, key string) bool {
	m.mu.Lock()
	e, ok := m.Entries[code]
	m.mu.Unlock()
	if !ok || e.Key != key {
		return false
	}
	sum, err := fileSHA(filepath.Join(dir, filepath.FromSlash(e.File)))
	return err == nil && sum == e.SHA256
}

func (m *manifest) record(dir, code, path, key string) {
	sum, err := fileSHA(path)
	if err != nil {
		return
	}
	m.mu.Lock()
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		rel = filepath.Base(path)
	}
	m.Entries[code] = manifestEntry{File: filepath.ToSlash(rel), Key: key, SHA256: sum}
	m.mu.Unlock()
}

func (m *manifest) save(dir string) error {
	m.mu.Lock()
	b, err := json.MarshalIndent(m, "", "  ")
	m.mu.Unlock()
	if err != nil {
		return err
	}
	return outfile.Write(filepath.Join(dir, manifestName), func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

func fileSHA(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
