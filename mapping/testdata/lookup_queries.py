#!/usr/bin/env python3
"""Writes lookup_queries.tsv: real-form lookup queries and the units they
must resolve to, computed from the data files (not from archmerge).

Run from mapping/: python3 testdata/lookup_queries.py > testdata/lookup_queries.tsv
Columns: form, vintage, query, expected codes (space-separated, sorted).
The hand-written cases of lookup_test.go complete it."""
import csv, random, re, sys, unicodedata
from collections import defaultdict

def read(p):
    with open(p, encoding="utf-8") as f:
        return list(csv.DictReader(f))

old = read("data/old_units.csv"); new = read("data/new_units.csv"); links = read("data/mapping.csv")
ou = {u["code"]: u for u in old}; nu = {u["code"]: u for u in new}
TYPES = ["thanh pho", "thi xa", "thi tran", "dac khu", "phuong", "huyen", "tinh", "quan", "xa"]
ABBR = {"thanh pho": "TP.", "thi xa": "TX.", "thi tran": "TT.", "phuong": "P.", "huyen": "H.", "tinh": "T.", "quan": "Q.", "xa": "X.", "dac khu": "Đặc khu"}

def fold(s):
    s = unicodedata.normalize("NFD", s).replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M")).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", s).split())

def split(name):
    f = fold(name)
    for t in TYPES:
        if f.startswith(t + " "):
            return t, f[len(t) + 1:], name.split(" ", t.count(" ") + 1)[-1]
    return "", f, name

def strip(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.category(c).startswith("M")).replace("đ", "d").replace("Đ", "D")

def swap_tones(s):
    # the other tone-mark placement: "Hòa" -> "Hoà"
    out = s
    for a, b in [("òa", "oà"), ("óa", "oá"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"), ("úy", "uý"), ("ùy", "uỳ"), ("ủy", "uỷ"), ("ũy", "uỹ"), ("ụy", "uỵ"), ("òe", "oè"), ("óe", "oé"), ("ỏe", "oẻ")]:
        out = re.sub(a + r"(?=\b)", b, out)
    return out

rows = []
def add(form, vintage, query, codes):
    rows.append((form, vintage, query, " ".join(sorted(codes))))

def canon_tones(s):
    # the placement archmerge compares with: "Hoà" -> "hòa"
    s = unicodedata.normalize("NFC", s).lower()
    for a, b in [("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"), ("uý", "úy"), ("uỳ", "ùy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy"), ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe")]:
        s = re.sub(a + r"(?=\b)", b, s)
    return re.sub(r"\bqùy|\bqúy|\bqủy|\bqũy|\bqụy", lambda m: m.group(0), s)

# same (type, core) in one district: must be unique to be told apart
by_key = defaultdict(list)          # (type, core, district) -> communes
by_prov = defaultdict(list)         # (type, name with its diacritics, province) -> old units
for u in old:
    t, core, _ = split(u["name"])
    exact = canon_tones(u["name"].split(" ", t.count(" ") + 1)[-1]) if t else canon_tones(u["name"])
    if u["level"] == "commune":
        by_key[(t, core, u["parent_code"])].append(u["code"])
        by_prov[(t, exact, ou[u["parent_code"]]["parent_code"])].append(u["code"])
    elif u["level"] == "district":
        by_prov[(t, exact, u["parent_code"])].append(u["code"])

rnd = random.Random(2025)
communes = [u for u in old if u["level"] == "commune" and len(by_key[(split(u["name"])[0], split(u["name"])[1], u["parent_code"])]) == 1]
sample = rnd.sample(communes, 26)
forms = ["full", "ascii", "abbrev", "notype", "nfd", "street", "nocomma", "upper", "tones"]
for u in sample:
    d = ou[u["parent_code"]]; p = ou[d["parent_code"]]
    full = f'{u["name"]}, {d["name"]}, {p["name"]}'
    (ct, cc, cn), (dt, dc, dn), (pt, pc, pn) = split(u["name"]), split(d["name"]), split(p["name"])
    add("full", "old", full, [u["code"]])
    add("ascii", "old", strip(full).lower(), [u["code"]])
    add("abbrev", "old", f'{ABBR.get(ct, "")} {cn}, {ABBR.get(dt, "")}{dn}, {pn}', [u["code"]])
    add("notype", "old", f"{cn}, {dn}, {pn}", [u["code"]])
    add("nfd", "old", unicodedata.normalize("NFD", full), [u["code"]])
    add("street", "old", f"Số {rnd.randint(1, 300)} đường Trần Phú, {full}", [u["code"]])
    add("nocomma", "old", strip(f'{u["name"]} {d["name"]} {p["name"]}').lower(), [u["code"]])
    add("upper", "old", f'{u["name"]}, {d["name"]}'.upper(), [u["code"]])
    add("spaces", "old", f'  {u["name"]} ,{d["name"]} ,   {p["name"]}  ', [u["code"]])

# tone placement: names with òa/úy... written the other way
tonal = [u for u in communes if swap_tones(u["name"]) != u["name"]]
for u in rnd.sample(tonal, 12):
    d = ou[u["parent_code"]]
    add("tones", "old", f'{swap_tones(u["name"])}, {d["name"]}', [u["code"]])

# same-name communes in one province, told apart by their district; and
# without the district, every candidate
dups = [(k, v) for k, v in by_prov.items() if len(v) >= 2 and all(ou[c]["level"] == "commune" for c in v)]
for (t, _, prov), codes in rnd.sample(sorted(dups), 16):
    p = ou[prov]
    for c in codes[:2]:
        u = ou[c]; d = ou[u["parent_code"]]
        if len(by_key[(t, split(u["name"])[1], d["code"])]) == 1:
            add("district", "old", f'{strip(u["name"]).lower()}, {strip(d["name"]).lower()}, {strip(p["name"]).lower()}', [c])
    add("ambiguous", "old", f'{u["name"]}, {p["name"]}', codes)

# new units, reverse lookups
for u in rnd.sample([u for u in new if u["level"] == "commune"], 14):
    p = nu[u["parent_code"]]
    same = [x["code"] for x in new if x["level"] == "commune" and x["parent_code"] == p["code"] and split(x["name"])[:2] == split(u["name"])[:2]]
    add("new", "new", f'{u["name"]}, {p["name"]}', same)
    add("new-ascii", "new", strip(f'{u["name"]}, {p["name"]}').lower(), same)

# codes, and codes a spreadsheet stripped of their zeros
for u in rnd.sample([u for u in old if u["level"] == "commune" and u["code"].startswith("0")], 8):
    add("code", "old", u["code"], [u["code"]])
    if all(ou.get(u["code"].lstrip("0").zfill(n)) is None for n in (2, 3)):
        add("code-stripped", "old", u["code"].lstrip("0"), [u["code"]])

w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
w.writerow(["form", "vintage", "query", "expected"])
for r in rows:
    w.writerow(r)
