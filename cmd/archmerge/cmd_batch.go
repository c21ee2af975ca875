package main

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

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"
	"golang.org/x/term"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
)

type batchOptions struct {
	paths []string
	out   string
	jobs  int
	asOf  string
	force bool
}

func newBatchCmd(a *app) *cobra.Command {
	var o batchOptions
	c := &cobra.Command{
		Use:   "batch PATH... --out DIR",
		Short: "Import every inventory under PATH, plan, and write every province's workbook (in parallel, resumable)",
		Long: `Nhập mọi bản kê khai dưới PATH, lập phương án hợp nhất và xuất sổ đối soát của từng tỉnh mới cùng
national-summary.xlsx vào DIR. Các tỉnh chạy song song (--jobs, mặc định bằng số lõi CPU). Lỗi của một
tỉnh không dừng các tỉnh khác: lệnh kết thúc với mã 4 và liệt kê tỉnh lỗi cùng lý do. Ctrl-C dừng gọn;
chạy lại đúng lệnh đó sẽ tiếp tục, bỏ qua các tỉnh có đầu vào và sổ không đổi; --force làm lại tất cả.

Imports every inventory under PATH, plans, and writes every new province's workbook and the
national summary into DIR. Provinces run in parallel; one province's failure does not stop the
others (exit 4 lists what failed and why). Ctrl-C stops cleanly; the same command run again
resumes, skipping provinces whose inputs and outputs are unchanged; --force redoes all.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return batchRun(a, o)
		},
	}
	c.Flags().StringVar(&o.out, "out", "", "folder for the workbooks (required)")
	c.Flags().IntVar(&o.jobs, "jobs", runtime.NumCPU(), "provinces processed in parallel")
	c.Flags().StringVar(&o.asOf, "as-of", "", "plan date, yyyy-mm-dd (default today)")
	c.Flags().BoolVar(&o.force, "force", false, "redo every province, even unchanged ones")
	_ = c.MarkFlagRequired("out")
	return c
}

// batchResult is what a batch did, for the summary and --format json.
type batchResult struct {
	Inputs    int                       `json:"inputs"`
	Elements  int                       `json:"elements"`
	PlanID    string                    `json:"plan_id"`
	Written   []string                  `json:"written"`
	Skipped   []string                  `json:"skipped"`
	Failed    []batchFailure            `json:"failed"`
	Provinces []migrate.ProvinceSummary `json:"provinces"`
	Seconds   map[string]float64        `json:"seconds"`
}

type batchFailure struct {
	Province string `json:"province"` // new province code, or "" when it could not be told
	Name     string `json:"name,omitempty"`
	Input    string `json:"input,omitempty"`
	Reason   string `json:"reason"`
}

// batchInput is one inventory file, or one folder holding a CSV pair.
type batchInput struct {
	path   string
	res    *inventory.Result
	err    error
	newPro map[string]bool // new provinces its units belong to
}

func batchRun(a *app, o batchOptions) error {
	res, err := batchExec(a, o)
	if err != nil {
		return err
	}
	return batchReport(a, o, res)
}

// batchReport prints what a batch did and returns exit 4 when some
// provinces did not finish.
func batchReport(a *app, o batchOptions, res batchResult) error {
	if a.json() {
		if err := a.printJSON(res); err != nil {
			return err
		}
	} else {
		printBatch(a, o, res)
	}
	if len(res.Failed) > 0 {
		return partial(fmt.Errorf(a.t("%d tỉnh/đầu vào không hoàn thành (xem danh sách ở trên)", "%d provinces/inputs did not finish (listed above)"), len(res.Failed)))
	}
	return nil
}

// batchExec runs a batch: read, import, plan, write. A province's failure
// is recorded in the result; an error means the whole batch stopped.
func batchExec(a *app, o batchOptions) (batchResult, error) {
	res := batchResult{Seconds: map[string]float64{}}
	ctx := a.ctx
	if o.jobs < 1 {
		return res, usageError(fmt.Errorf("--jobs %d: expected 1 or more", o.jobs))
	}
	asOf, err := planDate(o.asOf)
	if err != nil {
		return res, usageError(err)
	}
	if asOf == "" {
		asOf = today()
	}
	st, err := a.store()
	if err != nil {
		return res, err
	}
	m, err := a.activeMapping()
	if err != nil {
		return res, err
	}
	prog := newBatchProgress(a)
	t0 := time.Now()

	// 1. Find and read every input, in parallel; a bad input fails only the
	// provinces it belongs to.
	inputs, err := findInventories(o.paths, o.out)
	if err != nil {
		return res, err
	}
	if len(inputs) == 0 {
		return res, rejected(fmt.Errorf(a.t("không tìm thấy bản kê khai nào (.xlsx, .json, elements.csv + relations.csv) trong %s",
			"no inventory (.xlsx, .json, elements.csv + relations.csv) found under %s"), strings.Join(o.paths, ", ")))
	}
	res.Inputs = len(inputs)
	known, err := st.KnownKeys(ctx)
	if err != nil {
		return res, err
	}
	prog.stage(a.t("Đọc bản kê khai", "Reading inventories"), len(inputs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.jobs)
	for _, in := range inputs {
		g.Go(func() error {
			in.res, in.err = inventory.ReadPaths(gctx, []string{in.path}, m, known)
			if gctx.Err() != nil {
				return gctx.Err()
			}
			in.newPro = inputProvinces(m, in)
			prog.tick(1)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return res, stopped(a, err, "")
	}
	res.Seconds["read"] = time.Since(t0).Seconds()

	// Inputs read on their own never meet: an element declared by two of
	// them (a copy left in the folder, a folder named twice) fails both.
	dupOf := map[*batchInput]string{}
	declared := map[string]*batchInput{}
	for _, in := range inputs {
		if in.err != nil || len(in.res.Problems) > 0 {
			continue
		}
		for i := range in.res.Elements {
			k := in.res.Elements[i].Key()
			first, ok := declared[k]
			if !ok {
				declared[k] = in
				continue
			}
			if first != in && dupOf[in] == "" {
				dupOf[in] = fmt.Sprintf(a.t("phần tử %s cũng được khai báo trong %s: mỗi phần tử chỉ được khai báo ở một đầu vào",
					"element %s is also declared in %s: each element must come from one input"), k, first.path)
				if dupOf[first] == "" {
					dupOf[first] = fmt.Sprintf(a.t("phần tử %s cũng được khai báo trong %s: mỗi phần tử chỉ được khai báo ở một đầu vào",
						"element %s is also declared in %s: each element must come from one input"), k, in.path)
				}
			}
		}
	}
	failedProv := map[string]batchFailure{}
	var moreFailed []batchFailure // other failing inputs of a province already failed
	var good []*batchInput
	for _, in := range inputs {
		reason := ""
		switch {
		case in.err != nil:
			reason = in.err.Error()
		case len(in.res.Problems) > 0:
			reason = fmt.Sprintf(a.t("%d lỗi, đầu tiên: %s", "%d problems, the first: %s"), len(in.res.Problems), in.res.Problems[0].Text(a.lang))
		case dupOf[in] != "":
			reason = dupOf[in]
		}
		if reason == "" {
			good = append(good, in)
			continue
		}
		if len(in.newPro) == 0 {
			res.Failed = append(res.Failed, batchFailure{Input: in.path, Reason: reason})
		}
		for p := range in.newPro {
			f := batchFailure{Province: p, Input: in.path, Reason: reason}
			if _, dup := failedProv[p]; !dup {
				failedProv[p] = f
			} else {
				moreFailed = append(moreFailed, f)
			}
		}
	}

	// 2. Import the good inputs in one transaction, unless every one of
	// them is already in the workspace unchanged.
	t1 := time.Now()
	merged := mergeResults(good)
	// Large national runs: unless the user set GOMEMLIMIT, keep the heap
	// under a soft limit so that garbage does not double the peak.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(batchMemoryLimit)
	}
	res.Elements = len(merged.Elements)
	unchanged, err := st.FilesUnchanged(ctx, merged.Files)
	if err != nil {
		return res, err
	}
	if !unchanged || o.force {
		prog.stage(a.t("Nhập vào kho", "Importing"), 1)
		if _, err := st.ImportInventory(ctx, merged); err != nil {
			return res, stopped(a, err, a.t("chưa nhập được bản kê khai nào", "no inventory was imported"))
		}
		prog.tick(1)
	}
	res.Seconds["import"] = time.Since(t1).Seconds()
	// What was read is in the workspace now: let it go before planning.
	merged, good = nil, nil
	for _, in := range inputs {
		in.res = nil
	}
	runtime.GC()

	// 3 and 4. Plan and write province by province. The input is split into
	// independent parts (provinces linked by a relation stay together), so
	// that only the parts in progress have their plan in memory; each part's
	// plan is exactly the national plan for its provinces (migrate tests
	// hold this). Unchanged provinces are skipped.
	t2 := time.Now()
	in, err := st.PlanInput(ctx, asOf, nil)
	if err != nil {
		return res, stopped(a, err, a.t("đã nhập bản kê khai; chưa lập phương án", "inventories imported; not planned"))
	}
	natFP := migrate.Fingerprint(in)
	natID := "P" + natFP[:12]
	parts := migrate.Partition(in)
	in = migrate.Input{} // let the whole input go: the parts hold what is needed
	runtime.GC()
	res.PlanID = natID
	res.Seconds["plan"] = time.Since(t2).Seconds()
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return res, fmt.Errorf("batch: %w", err)
	}
	man, err := loadManifest(o.out)
	if err != nil {
		return res, err
	}
	meta := reports.Meta{WorkspaceID: st.ID(), PlanID: natID, ToolVersion: Version, Lang: a.lang}
	// The workspace already holds this very plan: parts whose workbooks are
	// unchanged need no planning, their summaries come from the record.
	var prior map[string]migrate.ProvinceSummary
	if !o.force {
		sums, err := st.PlanSummaries(ctx, natFP)
		if err != nil {
			return res, err
		}
		if sums != nil {
			prior = map[string]migrate.ProvinceSummary{}
			for _, ps := range sums {
				prior[ps.Code] = ps
			}
		}
	}
	// The batch stores the national plan's record as its id, fingerprint
	// and province summaries: holding every part's placements and flags
	// until the end would cost a national run at scale 10 a gigabyte, and
	// plan, status and apply rebuild them, identical, from the same inputs.
	record := &migrate.Plan{ID: natID, AsOf: asOf, Fingerprint: natFP, Mapping: m.Name}
	var mu sync.Mutex
	nprov := 0
	for _, pt := range parts {
		nprov += len(pt.Provinces)
	}
	var planNanos atomic.Int64
	prog.stage(a.t("Lập phương án và xuất sổ đối soát", "Planning and writing workbooks"), nprov+1)
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(o.jobs)
	for i := range parts {
		g.Go(func() error {
			// A part's workbooks depend on the whole part's inputs (linked
			// provinces plan together), so the part's fingerprint keys them.
			partFP := migrate.Fingerprint(parts[i])
			mu.Lock()
			anyFailed := false
			for _, code := range parts[i].Provinces {
				_, bad := failedProv[code]
				anyFailed = anyFailed || bad
			}
			mu.Unlock()
			if prior != nil && !anyFailed && batchPartUnchanged(o, man, parts[i].Provinces, partFP, meta, prior) {
				mu.Lock()
				for _, code := range parts[i].Provinces {
					res.Provinces = append(res.Provinces, prior[code])
					res.Skipped = append(res.Skipped, code)
				}
				mu.Unlock()
				prog.tick(len(parts[i].Provinces))
				parts[i] = migrate.Input{}
				return nil
			}
			tb := time.Now()
			plan, err := migrate.Build(gctx, parts[i])
			parts[i] = migrate.Input{}
			planNanos.Add(int64(time.Since(tb)))
			if err != nil {
				if gctx.Err() != nil {
					return gctx.Err()
				}
				return err
			}
			// The workbooks name the national plan: the one that plan,
			// status and apply rebuild from the same inputs.
			plan.ID, plan.Fingerprint = natID, natFP
			mu.Lock()
			res.Provinces = append(res.Provinces, plan.Provinces...)
			mu.Unlock()
			for _, ps := range plan.Provinces {
				ps.Fingerprint = partFP
				if err := batchProvince(a, o, gctx, plan, m, ps, meta, man, failedProv, &res, &mu, prog); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return res, stopped(a, err, fmt.Sprintf(a.t("đã xuất %d sổ; chạy lại đúng lệnh này để tiếp tục", "%d workbooks written; run the same command again to resume"), len(res.Written)))
	}
	sort.Slice(res.Provinces, func(i, j int) bool { return res.Provinces[i].Code < res.Provinces[j].Code })
	record.Provinces = res.Provinces
	if prior == nil {
		if err := st.SavePlan(ctx, record); err != nil {
			return res, err
		}
	} else if err := st.MakeCurrent(ctx, natID); err != nil {
		return res, err
	}
	plan := &migrate.Plan{ID: natID, AsOf: asOf, Fingerprint: natFP, Mapping: m.Name, Provinces: res.Provinces}
	natKey := manifestKey(plan.Fingerprint, meta)
	if o.force || len(res.Written) > 0 || !man.unchanged(o.out, "national", natKey) {
		path, err := reports.WriteNational(ctx, o.out, plan, m, meta)
		if err != nil {
			res.Failed = append(res.Failed, batchFailure{Province: "", Name: "national-summary.xlsx", Reason: err.Error()})
		} else {
			res.Written = append(res.Written, filepath.Base(path))
			man.record(o.out, "national", path, natKey)
			if err := man.save(o.out); err != nil {
				return res, err
			}
		}
	} else {
		res.Skipped = append(res.Skipped, "national")
	}
	prog.tick(1)
	prog.finish()
	res.Seconds["plan"] += float64(planNanos.Load()) / 1e9 / float64(o.jobs)
	res.Seconds["report"] = time.Since(t2).Seconds() - res.Seconds["plan"]
	res.Seconds["total"] = time.Since(t0).Seconds()

	for _, f := range failedProv {
		moreFailed = append(moreFailed, f)
	}
	for _, f := range moreFailed {
		if f.Name == "" {
			if u, ok := m.NewUnit(f.Province); ok {
				f.Name = u.Name
			}
		}
		res.Failed = append(res.Failed, f)
	}
	sort.Slice(res.Failed, func(i, j int) bool {
		if res.Failed[i].Province != res.Failed[j].Province {
			return res.Failed[i].Province < res.Failed[j].Province
		}
		return res.Failed[i].Input < res.Failed[j].Input
	})
	sort.Strings(res.Written)
	sort.Strings(res.Skipped)
	return res, nil
}

// batchProvince writes one province's workbook from its part's plan,
// unless the province failed on input or is unchanged since the last run.
func batchProvince(a *app, o batchOptions, ctx context.Context, plan *migrate.Plan, m *mapping.Mapping, ps migrate.ProvinceSummary,
	meta reports.Meta, man *manifest, failedProv map[string]batchFailure, res *batchResult, mu *sync.Mutex, prog *batchProgress) error {
	mu.Lock()
	f, bad := failedProv[ps.Code]
	if bad {
		f.Name = ps.Name
		failedProv[ps.Code] = f
	}
	mu.Unlock()
	if bad {
		prog.tick(1)
		return nil
	}
	key := manifestKey(ps.Fingerprint, meta)
	if !o.force && man.unchanged(o.out, ps.Code, key) {
		mu.Lock()
		res.Skipped = append(res.Skipped, ps.Code)
		mu.Unlock()
		prog.tick(1)
		return nil
	}
	path, err := reports.WriteProvince(ctx, o.out, plan, m, ps.Code, meta)
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	// A workbook finished as Ctrl-C came is kept and recorded: the rerun
	// skips it.
	mu.Lock()
	if err != nil {
		failedProv[ps.Code] = batchFailure{Province: ps.Code, Name: ps.Name, Reason: err.Error()}
	} else {
		res.Written = append(res.Written, filepath.Base(path))
		man.record(o.out, ps.Code, path, key)
		if err := man.save(o.out); err != nil {
			mu.Unlock()
			return err
		}
	}
	mu.Unlock()
	prog.tickf(1, "%s %s", ps.Code, ps.Name)
	if batchProvinceDone != nil {
		batchProvinceDone(ps.Code)
	}
	return nil
}

// batchPartUnchanged reports whether every province of a part has its
// workbook written from the same inputs and untouched since, and did not
// fail on input.
func batchPartUnchanged(o batchOptions, man *manifest, provinces []string, partFP string, meta reports.Meta, prior map[string]migrate.ProvinceSummary) bool {
	for _, code := range provinces {
		if _, ok := prior[code]; !ok || !man.unchanged(o.out, code, manifestKey(partFP, meta)) {
			return false
		}
	}
	return true
}

// batchMemoryLimit is the soft heap limit of a batch (see
// runtime/debug.SetMemoryLimit): the garbage collector works harder as the
// heap nears it, so a national run at scale 10 stays within 2 GiB.
const batchMemoryLimit = 1280 << 20

// batchProvinceDone, when set (by tests), is called after each province's
// workbook is written.
var batchProvinceDone func(code string)

// stopped turns a cancelled or failed batch into an error that says what
// was done and what was not.
func stopped(a *app, err error, done string) error {
	if errors.Is(err, context.Canceled) {
		msg := a.t("đã dừng theo yêu cầu", "stopped on request")
		if done != "" {
			msg += ": " + done
		}
		return &exitError{ExitFailed, errors.New(msg)}
	}
	if done != "" {
		return fmt.Errorf("%w (%s)", err, done)
	}
	return err
}

func printBatch(a *app, o batchOptions, r batchResult) {
	w := a.stdout
	fmt.Fprintf(w, a.t("Đầu vào: %d tệp/thư mục, %s phần tử; phương án %s\n", "Inputs: %d files/folders, %s elements; plan %s\n"), r.Inputs, a.count(r.Elements), r.PlanID)
	fmt.Fprintf(w, a.t("Sổ đối soát trong %s: %d đã ghi, %d không đổi (bỏ qua)\n", "Workbooks in %s: %d written, %d unchanged (skipped)\n"), o.out, len(r.Written), len(r.Skipped))
	if len(r.Failed) > 0 {
		fmt.Fprintln(w, a.t("Không hoàn thành:", "Did not finish:"))
		for _, f := range r.Failed {
			who := f.Province
			if f.Name != "" {
				who += " " + f.Name
			}
			if who == "" {
				who = f.Input
			} else if f.Input != "" {
				who += " (" + f.Input + ")"
			}
			fmt.Fprintf(w, "  - %s: %s\n", who, f.Reason)
		}
	}
	fmt.Fprintf(w, a.t("Thời gian: đọc %.1fs, nhập %.1fs, lập phương án %.1fs, xuất sổ %.1fs, tổng %.1fs\n",
		"Time: read %.1fs, import %.1fs, plan %.1fs, workbooks %.1fs, total %.1fs\n"),
		r.Seconds["read"], r.Seconds["import"], r.Seconds["plan"], r.Seconds["report"], r.Seconds["total"])
}

// findInventories lists the inventories under paths: .xlsx and .json files,
// and folders holding elements.csv (with relations.csv), sorted, each once
// however it was named, and none from the output folder outDir (the
// workbooks a previous run wrote there are not inventories).
func findInventories(paths []string, outDir string) ([]*batchInput, error) {
	seen := map[string]bool{}
	var out []*batchInput
	add := func(p string) {
		key := p
		if abs, err := filepath.Abs(p); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, &batchInput{path: p})
		}
	}
	absOut, _ := filepath.Abs(outDir)
	for _, root := range paths {
		fi, err := os.Stat(root)
		if err != nil {
			return nil, rejected(fmt.Errorf("%s: %w", root, err))
		}
		if absRoot, _ := filepath.Abs(root); fi.IsDir() && outDir != "" && absRoot == absOut {
			return nil, usageError(fmt.Errorf("--out %s is also a folder of inventories: write the workbooks elsewhere (e.g. a sub-folder)", outDir))
		}
		if !fi.IsDir() {
			if isPairFile(root) {
				add(filepath.Dir(root))
			} else {
				add(root)
			}
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if p != root && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				if abs, err := filepath.Abs(p); err == nil && outDir != "" && abs == absOut {
					return filepath.SkipDir // the workbooks written there
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
				return nil // hidden files and Excel lock files
			}
			switch strings.ToLower(filepath.Ext(name)) {
			case ".xlsx", ".json":
				add(p)
			case ".csv":
				if isPairFile(p) {
					add(filepath.Dir(p))
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("batch: %w", err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

func isPairFile(p string) bool {
	n := strings.ToLower(filepath.Base(p))
	return n == "elements.csv" || n == "relations.csv"
}

// inputProvinces tells which new provinces an input belongs to: those of
// the units it declares, else of the old province code its name starts with
// (as the fixtures and most provinces name their files).
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
		base := filepath.Base(in.path)
		if len(base) >= 2 && base[0] >= '0' && base[0] <= '9' && base[1] >= '0' && base[1] <= '9' && (len(base) == 2 || base[2] < '0' || base[2] > '9') {
			if p := m.NewProvinceOf(base[:2]); p != "" {
				out[p] = true
			}
		}
	}
	return out
}

// mergeResults joins the inputs read one by one into one import, resolving
// the qualified relation endpoints that point into another input.
func mergeResults(ins []*batchInput) *inventory.Result {
	var r inventory.Result
	keys := map[string]bool{}
	for _, in := range ins {
		r.Elements = append(r.Elements, in.res.Elements...)
		r.Relations = append(r.Relations, in.res.Relations...)
		r.Files = append(r.Files, in.res.Files...)
		r.Warnings = append(r.Warnings, in.res.Warnings...)
		for i := range in.res.Elements {
			keys[in.res.Elements[i].Key()] = true
		}
		in.res.Inventory = inventory.Inventory{} // merged: hold the rows once
	}
	for i := range r.Relations {
		rel := &r.Relations[i]
		if !rel.FromOK && keys[rel.From] {
			rel.FromOK = true
		}
		if !rel.ToOK && keys[rel.To] {
			rel.ToOK = true
		}
	}
	return &r
}

// manifest records, per province, what the last batch wrote into a folder,
// so that a rerun skips provinces whose inputs and workbook are unchanged.
type manifest struct {
	mu      sync.Mutex
	Entries map[string]manifestEntry `json:"entries"`
}

type manifestEntry struct {
	File   string `json:"file"`
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
	sum, err := batchFileSHA(filepath.Join(dir, e.File))
	return err == nil && sum == e.SHA256
}

func (m *manifest) record(dir, code, path, key string) {
	sum, err := batchFileSHA(path)
	if err != nil {
		return
	}
	m.mu.Lock()
	m.Entries[code] = manifestEntry{File: filepath.Base(path), Key: key, SHA256: sum}
	m.mu.Unlock()
}

func (m *manifest) save(dir string) error {
	m.mu.Lock()
	b, err := json.MarshalIndent(m, "", "  ")
	m.mu.Unlock()
	if err != nil {
		return err
	}
	return inventory.WriteFileAtomic(filepath.Join(dir, manifestName), func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// batchProgress shows a progress bar on a terminal and plain log lines
// otherwise, on stderr.
type batchProgress struct {
	a     *app
	tty   bool
	bar   *progressbar.ProgressBar
	name  string
	total int
	done  int
	start time.Time
	mu    sync.Mutex
}

func newBatchProgress(a *app) *batchProgress {
	p := &batchProgress{a: a}
	if f, ok := a.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

func (p *batchProgress) stage(name string, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprintln(p.a.stderr)
	}
	p.name, p.total, p.done, p.start = name, total, 0, time.Now()
	if p.tty {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.a.stderr),
			progressbar.OptionSetDescription(name),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond))
		return
	}
	fmt.Fprintf(p.a.stderr, "%s: %d\n", name, total)
}

func (p *batchProgress) tick(n int) { p.tickf(n, "") }

func (p *batchProgress) tickf(n int, format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if p.bar != nil {
		if format != "" {
			p.bar.Describe(p.name + ": " + fmt.Sprintf(format, args...))
		}
		_ = p.bar.Add(n)
		return
	}
	if format != "" {
		el := time.Since(p.start)
		eta := time.Duration(0)
		if p.done > 0 {
			eta = el / time.Duration(p.done) * time.Duration(p.total-p.done)
		}
		fmt.Fprintf(p.a.stderr, "[%d/%d] %s (%.1fs, %s %.0fs)\n", p.done, p.total, fmt.Sprintf(format, args...), el.Seconds(), p.a.t("còn khoảng", "ETA"), eta.Seconds())
	}
}

func (p *batchProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprintln(p.a.stderr)
		p.bar = nil
	}
}

func batchFileSHA(path string) (string, error) {
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
