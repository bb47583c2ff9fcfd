#!/usr/bin/env python3
"""test_pandas.py - dejure's tables as an analyst meets them in pandas:
every table parses with pd.read_csv, dates become datetime64 with none
missing, counts are integers, percentages floats (empty -> NaN), names
with commas, quotes and non-ASCII letters come back as written, and the
wide coverage table holds the numbers of the long one.

Usage: test_pandas.py PATH/TO/dejure   (exit 77: pandas not installed)
"""
import io
import os
import subprocess
import sys
import tempfile

try:
    import pandas as pd
except ImportError:
    print("pandas is not installed (Debian: python3-pandas)")
    sys.exit(77)

DJ = sys.argv[1]
ENV = dict(os.environ, DEJURE_TODAY="2026-11-26")
fails = 0


def check(name, expected, actual):
    global fails
    if expected == actual:
        print("ok  ", name)
    else:
        print("FAIL", name)
        print("  expected:", expected)
        print("  actual:  ", actual)
        fails += 1


def table(*args):
    out = subprocess.run([DJ, *args], capture_output=True, env=ENV, check=True).stdout
    return pd.read_csv(io.BytesIO(out), encoding="utf-8", keep_default_na=False,
                       na_values=[""], parse_dates=["date"])


SHAPES = {
    ("timeline",): ["date", "recognized", "withdrawn", "total", "began", "ended"],
    ("timeline", "--by", "year"): ["date", "recognized", "withdrawn", "total", "began", "ended"],
    ("coverage",): ["date", "bloc", "members", "recognizing", "percent"],
    ("holdouts", "-b", "UN,EU"): ["date", "bloc", "code", "name"],
    ("milestones",): ["n", "date", "code", "name", "precision"],
    ("status",): ["date", "code", "name", "status", "since", "precision", "disputed_by", "via",
                  "source"],
    ("milestones", "--thresholds", "50,66.67"):
        ["bloc", "threshold", "date", "direction", "members", "recognizing", "percent"],
}
for args, columns in SHAPES.items():
    t = table(*args)
    what = " ".join(args)
    check(f"{what}: columns", columns, list(t.columns))
    check(f"{what}: date is datetime64", True, pd.api.types.is_datetime64_any_dtype(t["date"]))
    if args[0] != "milestones" or len(args) == 1:
        check(f"{what}: no date missing", 0, int(t["date"].isna().sum()))
    unreached = t["date"].isna()  # thresholds never reached: the whole row is empty
    for col in ("recognized", "withdrawn", "total", "began", "ended", "members", "recognizing", "n"):
        if col in t:
            check(f"{what}: {col} holds integers where a date is", True,
                  pd.api.types.is_numeric_dtype(t[col]) and
                  bool((t[col][~unreached] % 1 == 0).all()) and not t[col][~unreached].isna().any())
            check(f"{what}: {col} is empty exactly where the date is", True,
                  bool((t[col].isna() == unreached).all()))
    if "direction" in t:
        check(f"{what}: direction is up or down where a date is, empty where not", True,
              bool(t["direction"][~unreached].isin(["up", "down"]).all()) and
              bool(t["direction"][unreached].isna().all()))
    if "percent" in t:
        check(f"{what}: percent is a float column", True, pd.api.types.is_float_dtype(t["percent"]))
    check(f"{what}: has rows", True, len(t) > 0)

cov = table("coverage", "--bloc", "NATO,EU", "--at", "2013-02-17")
check("coverage on 2013-02-17, NATO", [28, 24, 85.71],
      cov[cov.bloc == "NATO"][["members", "recognizing", "percent"]].values.tolist()[0])
wide = table("coverage", "--bloc", "NATO,EU", "--by", "year", "--wide")
long = table("coverage", "--bloc", "NATO,EU", "--by", "year")
pivot = long.pivot(index="date", columns="bloc", values="percent")
check("--wide NATO_percent equals the long table pivoted", pivot["NATO"].tolist(),
      wide.set_index("date")["NATO_percent"].tolist())
st = table("status", "--at", "2013-02-17", "--among", "EU")
check("status on 2013-02-17 among the EU: 22 recognise", 22, int((st.status == "recognizes").sum()))
check("status: since parses as dates", True,
      pd.api.types.is_datetime64_any_dtype(pd.to_datetime(st["since"], format="%Y-%m-%d")))
th = table("milestones", "--thresholds", "50", "-b", "UN,OIC")
check("thresholds: the UN crossed half up, then down again",
      [("UN", "2013-05-29", "up"), ("UN", "2023-01-04", "down")],
      [(b, d.strftime("%Y-%m-%d"), x) for b, d, x in th[th.bloc == "UN"][["bloc", "date", "direction"]].values])
check("thresholds: directions alternate within each bloc", True,
      all((g["direction"] != g["direction"].shift()).iloc[1:].all() for _, g in th.groupby("bloc")))
check("codes such as NAM stay text, not NaN", 0, int(table("holdouts", "-b", "UN")["code"].isna().sum()))

with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "events.csv"), "w", encoding="utf-8") as f:
        f.write("date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n")
    with open(os.path.join(d, "entities.csv"), "w", encoding="utf-8") as f:
        f.write('code,name\nUSA,United States\nKOR,"Korea, Republic of"\n'
                'VAT,"The ""Holy"" See"\nCIV,Côte d’Ivoire\nXKX,Kosovo\n')
    with open(os.path.join(d, "blocs.csv"), "w", encoding="utf-8") as f:
        f.write("bloc,member,joined,left\nB,KOR,2000-01-01,\nB,VAT,2000-01-01,\n"
                "B,CIV,2000-01-01,\nE,USA,2020-01-01,2020-01-02\n")
    h = table("holdouts", "--data", d, "-b", "B", "--at", "2013-02-17")
    check("names with commas, quotes, non-ASCII letters round-trip",
          ["Côte d’Ivoire", "Korea, Republic of", 'The "Holy" See'], h["name"].tolist())
    e = table("coverage", "--data", d, "-b", "E", "--at", "2013-02-17")
    check("a bloc with no members that day: percent is NaN", (0, True),
          (int(e["members"][0]), bool(e["percent"].isna()[0])))

print(f"{fails} failed")
sys.exit(1 if fails else 0)
