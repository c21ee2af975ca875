#!/usr/bin/env python3
"""Builds the unit history of 2019-2025 (units.csv, changes.csv,
documents.csv) from public lists; see README.md for what each file holds and
where every fact comes from. Nothing here runs at build or test time: the
CSV files are committed and embedded, and mapping/history_test.go checks
them.

Inputs (git snapshots of public repositories, read with `git show`):
  --lists DIR      github.com/dvhcvn/data: the statistics office's list of
                   units at each date it changed (data.json per commit, the
                   documents behind each date in the commit message)
  --aliases DIR    github.com/tranngocminhhieu/vietnamadminunits (MIT):
                   data/alias_keywords/legacy/alias_ward.csv, former
                   commune names and the unit of 2025 that took them, each
                   with its source
  --patches DIR    github.com/thanglequoc/vietnamese-provinces-database
                   (MIT): patch/*/…sql, the merges of 2021-2024 by code
  --final FILE     mapping/data/old_units.csv: the units of 30 June 2025

Run from mapping/:
  python3 history/build_history.py --lists … --aliases … --patches … \
      --final data/old_units.csv --out history
"""
import argparse, collections, csv, json, os, re, subprocess, sys, unicodedata

BASELINE = "2018-10-16"   # the last list before the 2019-2021 arrangement
FINAL = "2025-06-30"      # the vintage of mapping/data/old_units.csv


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


def nfc(s):
    return unicodedata.normalize("NFC", " ".join(s.split()))


# Upper-case type words of some lists ("Thị Trấn") are the same names.
TYPE_CASE = [("Thị Trấn ", "Thị trấn "), ("Thị Xã ", "Thị xã "), ("Thành Phố ", "Thành phố ")]


def norm(s):
    s = nfc(s)
    for a, b in TYPE_CASE:
        if s.startswith(a):
            s = b + s[len(a):]
    return s


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.sub(r"[^a-z0-9]", " ", s).split())


def key(s):
    return fold(s).replace(" ", "")


TYPES = ["Thành phố", "Thị xã", "Thị trấn", "Quận", "Huyện", "Phường", "Xã", "Tỉnh", "Đặc khu"]


def split_type(name):
    for t in TYPES:
        if name.startswith(t + " "):
            return t, name[len(t) + 1:]
    return "", name


def same_name(a, b):
    return fold(a) == fold(b)


def load_lists(repo):
    """The lists, oldest first, one per commit whose data changed."""
    log = git(repo, "log", "--reverse", "--topo-order", "--format=%H %ad", "--date=short").decode().split("\n")
    out, prev = [], None
    for line in log:
        if not line:
            continue
        h, d = line.split()
        if d < BASELINE:
            continue
        blob = git(repo, "rev-parse", h + ":data.json").decode().strip()
        if blob == prev:
            continue
        prev = blob
        units = {}
        for p in json.loads(git(repo, "show", h + ":data.json")):
            units[("province", p["level1_id"])] = (norm(p["name"]), "")
            for dd in p.get("level2s") or []:
                units[("district", dd["level2_id"])] = (norm(dd["name"]), p["level1_id"])
                for c in dd.get("level3s") or []:
                    units[("commune", c["level3_id"])] = (norm(c["name"]), dd["level2_id"])
        msg = git(repo, "log", "-1", "--format=%B", h).decode()
        out.append(dict(date=d, commit=h[:7], units=units, msg=msg))
    return out


def documents(lists):
    """The documents each list date names: (date, number, title)."""
    docs = []
    for l in lists:
        for part in l["msg"].split(";"):
            m = re.match(r"^\s*(\S+?):\s*(.*)$", part, re.S)
            if m and re.search(r"\d+/", m.group(1)):
                num = m.group(1)
                # Two numbers lack their series in the source; the title
                # and date leave no doubt which act they are.
                num = {"829/UBTVQH14": "829/NQ-UBTVQH14", "1192/NQ-UBTVQH": "1192/NQ-UBTVQH15"}.get(num, num)
                docs.append((l["date"], num, " ".join(m.group(2).split())))
    seen, out = set(), []
    for d in docs:
        if (d[0], d[1]) not in seen:
            seen.add((d[0], d[1]))
            out.append(d)
    return out


def title_provinces(title, provinces):
    t = " " + fold(title) + " "
    t = t.replace(" gia lao ", " gia lai ")  # a misspelling in the source
    t = t.replace(" thua thien hue ", " hue ")
    hits = set()
    for code, name in provinces.items():
        bare = fold(split_type(name)[1])
        if " " + bare + " " in t:
            hits.add(code)
    return hits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lists", required=True)
    ap.add_argument("--aliases", required=True)
    ap.add_argument("--patches", required=True)
    ap.add_argument("--final", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    lists = load_lists(a.lists)
    final = {}
    with open(a.final, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            final[(r["level"], r["code"])] = (norm(r["name"]), r["parent_code"])
    snaps = [(l["date"], l["units"]) for l in lists] + [(FINAL, final)]
    n = len(snaps)
    report = collections.Counter()
    notes = []

    # Life of each code: from its first list to its last, where a code
    # missing from some lists and back later is a gap of the source when it
    # lasts to 30 June 2025, and a spurious reappearance otherwise (the
    # statistics office's service listed some long-merged communes again in
    # 2025; the final list and an independent compilation do not).
    life = {}
    for k in set().union(*[s[1] for s in snaps]):
        pres = [k in s[1] for s in snaps]
        first = pres.index(True)
        if pres[-1]:
            last = n - 1
        else:
            last = first
            while last + 1 < n and pres[last + 1]:
                last += 1
        for i in range(first, last + 1):
            if not pres[i]:
                report["gap filled"] += 1
                break
        if any(pres[last + 1:]):
            report["spurious reappearance dropped"] += 1
            notes.append(("spurious", k, [snaps[i][0] for i in range(last + 1, n) if pres[i]]))
        life[k] = (first, last)
    # A code listed once, between two lists without it, is a slip of the
    # source (10694 Phường Phạm Thái, 11 Sep 2019, is 10693 renamed).
    for k, (f, l) in list(life.items()):
        if f == l and 0 < f < n - 1:
            notes.append(("listed once", k, [snaps[f][0]]))
            del life[k]
            report["listed once dropped"] += 1

    def at(i, k):
        """The name and parent of k in list i, filling gaps from the
        nearest earlier list that has it."""
        for j in range(i, -1, -1):
            if k in snaps[j][1]:
                return snaps[j][1][k]
        raise KeyError(k)

    # Versions: a new one when the name (beyond spacing and the case of the
    # type word) or the parent changes.
    versions = {}
    for k, (f, l) in life.items():
        vs = []
        for i in range(f, l + 1):
            name, parent = at(i, k)
            if vs and same_name(vs[-1]["name"], name) and vs[-1]["parent"] == parent:
                vs[-1]["name"] = name  # the latest spelling of the same name
                vs[-1]["last"] = i
                continue
            vs.append(dict(name=name, parent=parent, first=i, last=i))
        versions[k] = vs

    def valid_from(v):
        return "" if v["first"] == 0 else snaps[v["first"]][0]

    def valid_to(v):
        return "" if v["last"] == n - 1 else snaps[v["last"] + 1][0]

    def version_at(k, i):
        for v in versions.get(k, []):
            if v["first"] <= i <= v["last"]:
                return v
        return None

    # Documents and the provinces each names.
    docs = documents(lists)
    provinces = {k[1]: v[0] for k, v in final.items() if k[0] == "province"}
    doc_prov = {(d, num): title_provinces(t, provinces) for d, num, t in docs}

    def province_of(k, i):
        level, code = k
        name, parent = at(i, k)
        while level != "province":
            level = "district" if level == "commune" else "province"
            code = parent
            name, parent = at(i, (level, code))
        return code

    def attribute(k, i):
        """The documents the statistics office lists for the change of k
        first seen in list i: dated after the previous list's date, up to
        list i's, and naming k's province."""
        hi = snaps[i][0]
        lo = snaps[i - 1][0]
        j = i - 1
        while j > 0 and snaps[j][0] == hi:
            j -= 1
            lo = snaps[j][0]
        if hi == FINAL:
            return [], ""
        try:
            p = province_of(k, i - 1)
        except KeyError:  # a unit created on list i
            p = province_of(k, i)
        found = {num for d, num, t in docs if lo < d <= hi and p in doc_prov[(d, num)]}
        # A province is changed by the National Assembly, its districts and
        # communes by its Standing Committee (UBTVQH).
        nat = {x for x in found if "UBTVQH" not in x}
        if k[0] == "province" and nat:
            found = nat
        elif k[0] != "province" and found - nat:
            found -= nat
        if found:
            return sorted(found, key=lambda s: int(s.split("/")[0])), ""
        # Some lists show a change months after the date of its document:
        # the latest document for the province in the year before.
        y = str(int(hi[:4]) - 1) + hi[4:]
        earlier = [(d, num) for d, num, t in docs if y <= d <= lo and p in doc_prov[(d, num)]]
        if earlier:
            d0 = max(d for d, _ in earlier)
            nums = sorted({num for d, num in earlier if d == d0}, key=lambda s: int(s.split("/")[0]))
            return nums, "the statistics office lists " + ", ".join(nums) + " for this province on " + d0 + \
                "; the change first appears in its list of " + hi
        return [], "the statistics office lists no document for this province between " + lo + " and " + hi

    # Successors of retired communes, from the sources that state them.
    patch_merges = {}
    for path in git(a.patches, "ls-tree", "-r", "--name-only", "HEAD", "patch/").decode().split("\n"):
        if not path.endswith(".sql"):
            continue
        text = git(a.patches, "show", "HEAD:" + path).decode()
        for m in re.finditer(r"Merge [^()\n]*\((\d{5})\) (?:to|into) [^()\n]*\((\d{5})\)", text):
            patch_merges[m.group(1)] = (m.group(2), "thanglequoc/vietnamese-provinces-database " + path)
        for m in re.finditer(r"\((\d{5})\) to be removed since .* merged into .*\((\d{5})\)", text):
            patch_merges[m.group(1)] = (m.group(2), "thanglequoc/vietnamese-provinces-database " + path)

    alias = collections.defaultdict(list)
    text = git(a.aliases, "show", "HEAD:data/alias_keywords/legacy/alias_ward.csv").decode("utf-8-sig")
    for r in csv.DictReader(text.splitlines()):
        alias[(r["province_key"], r["alias_keyword"])].append(r)
    fin_dist = collections.defaultdict(list)
    fin_comm = collections.defaultdict(list)
    for (level, code), (name, parent) in final.items():
        if level == "district":
            fin_dist[(parent, key(name))].append(code)
        elif level == "commune":
            fin_comm[(parent, key(name))].append(code)
    provkey = {c: key(nm) for c, nm in provinces.items()}

    def alias_successor(k, i):
        name, dist = at(i, k)
        p = province_of(k, i)
        rows = alias.get((provkey[p], key(name)), [])
        cands = collections.defaultdict(set)
        for r in rows:
            for d in fin_dist.get((p, r["district_key"]), []):
                for c in fin_comm.get((d, key(r["ward_key"])), []):
                    cands[c].add(r["source"].strip() or "no source given")
        if len(cands) > 1:
            same = {c: s for c, s in cands.items() if final[("commune", c)][1] == dist}
            if len(same) == 1:
                cands = same
        if len(cands) == 1:
            c, srcs = next(iter(cands.items()))
            return c, sorted(srcs)
        if len(cands) > 1:
            report["alias ambiguous"] += 1
        return None, None

    changes = []

    def row(date, k, v, kind, new_code="", new_name="", new_as_of="", res=((), ""), source="", note=""):
        nums, why = res
        changes.append(dict(date=date, level=k[0], code=k[1], name=v["name"], kind=kind, new_code=new_code,
                            new_name=new_name, new_as_of=new_as_of, resolution=" ".join(nums),
                            source=source, note="; ".join(x for x in (note, why) if x)))

    for k, vs in versions.items():
        for a_, b_ in zip(vs, vs[1:]):
            i = b_["first"]
            kinds = []
            ta, na = split_type(a_["name"])
            tb, nb = split_type(b_["name"])
            if ta != tb:
                kinds.append("reclassify")
            if not same_name(na, nb):
                kinds.append("rename")
            if a_["parent"] != b_["parent"]:
                kinds.append("move")
            res = attribute(k, i)
            kind = "+".join(kinds)
            src = "lists"
            note = ""
            if snaps[i][0] == FINAL and kinds == ["rename"]:
                kind, note = "spelling", "the list of 30 June 2025 spells the name differently"
            row(snaps[i][0], k, a_, kind, k[1], b_["name"], "", res, src, note)
        first, last = vs[0], vs[-1]
        if first["first"] > 0:
            i = first["first"]
            row(snaps[i][0], k, first, "create", k[1], first["name"], "", attribute(k, i), "lists",
                "first listed on this date")
        if last["last"] < n - 1:
            i = last["last"] + 1
            res = attribute(k, i)
            date = snaps[i][0]
            if k[0] == "district":
                # A district's communes say where it went.
                # The lists do not always move a district's communes on
                # the day the district ends: every commune it ever held
                # counts, where it is listed on that day.
                took = collections.Counter()
                for (lv, c), cvs in versions.items():
                    if lv != "commune" or not any(v["parent"] == k[1] for v in cvs):
                        continue
                    after = version_at((lv, c), i)
                    if after and after["parent"] != k[1]:
                        took[after["parent"]] += 1
                if took:
                    for d in sorted(took):
                        row(date, k, last, "merge" if len(took) == 1 else "split", d, at(i, ("district", d))[0], "",
                            res, "lists", "its communes are listed under this district from this date")
                else:
                    row(date, k, last, "retire", res=res, source="lists", note="no commune of it is listed afterwards")
                continue
            if k[0] == "province":
                row(date, k, last, "retire", res=res, source="lists")
                continue
            if k[1] in patch_merges:
                c, src = patch_merges[k[1]]
                row(date, k, last, "merge", c, at(i, ("commune", c))[0], "", res, src)
                report["successor from patches"] += 1
                continue
            c, srcs = alias_successor(k, last["last"])
            if c:
                if not res[0]:
                    # The address of a source article may name the act.
                    nums = sorted({m.group(1) + "/NQ-UBTVQH15" for u in srcs
                                   for m in re.finditer(r"nghi-quyet-(\d{4})-nq-ubtvqh", u) if date >= "2021-07-01"})
                    if len(nums) == 1:
                        res = (nums, "the act is named by the address of the source article; the statistics office lists none for this province and date")
                row(date, k, last, "merge", c, final[("commune", c)][0], FINAL, res,
                    "tranngocminhhieu/vietnamadminunits alias_ward.csv: " + " ".join(srcs))
                report["successor from aliases"] += 1
                continue
            # The unit that took this one's name on the same day, in the
            # same district, is where it went: the statistics office keeps
            # one predecessor's code and gives it the name chosen by the
            # resolution, which here is the retired unit's.
            took = []
            for (lv, c), cvs in versions.items():
                if lv != "commune" or c == k[1]:
                    continue
                before, after = version_at((lv, c), i - 1), version_at((lv, c), i)
                if before and after and before is not after and after["parent"] == last["parent"] \
                        and same_name(after["name"], last["name"]) and not same_name(before["name"], last["name"]):
                    took.append(c)
            if len(took) == 1:
                c = took[0]
                row(date, k, last, "merge", c, at(i, ("commune", c))[0], "", res, "lists",
                    "inferred: on this date " + c + " took this unit's name in the same district")
                report["successor by name taken over"] += 1
                continue
            row(date, k, last, "retire", res=res, source="lists",
                note="no source states which unit took it; its district is the nearest known successor")
            report["successor unknown"] += 1

    for c in changes:
        if not c["resolution"] and c["date"] != FINAL:
            report["no document for province and date"] += 1

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "units.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent_code", "valid_from", "valid_to"])
        order = {"province": 0, "district": 1, "commune": 2}
        for k in sorted(versions, key=lambda k: (order[k[0]], k[1])):
            for v in versions[k]:
                w.writerow([k[1], v["name"], k[0], v["parent"], valid_from(v), valid_to(v)])
    with open(os.path.join(a.out, "changes.csv"), "w", newline="", encoding="utf-8") as f:
        cols = ["date", "level", "code", "name", "kind", "new_code", "new_name", "new_as_of", "resolution", "source", "note"]
        w = csv.DictWriter(f, cols, lineterminator="\n")
        w.writeheader()
        order = {"province": 0, "district": 1, "commune": 2}
        for c in sorted(changes, key=lambda c: (c["date"], order[c["level"]], c["code"], c["new_code"])):
            w.writerow(c)
    with open(os.path.join(a.out, "documents.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["date", "number", "title"])
        for d in docs:
            w.writerow(d)
    for k, v in sorted(report.items()):
        print(f"{k}: {v}", file=sys.stderr)
    for n_ in notes:
        print("note:", n_, file=sys.stderr)


if __name__ == "__main__":
    main()
