#!/usr/bin/env python3
"""Re-derives every value and verdict in tests/narrative/*.expected.json.

For each case, CASES below lists the figures a checker must read, copied as they are written in
the .txt (full-width digits, line breaks and all).  This script

  * finds every figure in the text, and refuses a figure that is hedged (约, 超, 余, 以上, …);
  * recomputes each verdict with decimal arithmetic (ROUND_HALF_UP, exact unit conversion) and
    builds the findings and the ok claims that follow from the conventions in README.md;
  * compares them with the .expected.json (findings and ok as multisets, findings in text order);
  * checks that no "unchecked" substring overlaps a finding's span;
  * scores each .form.json by hand-coded rules (the subset of docs/form-format.md these small
    forms use) and compares with "tableScore" / "tableGrade" and with the form's own claim.

Usage:  python3 tests/narrative/verify.py [--cli PATH-TO-jixiao]
With --cli, each form is also run through `jixiao check --format json` and its score and grade
compared.  Exit status 0 when everything agrees.
"""

import json
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal, getcontext
from pathlib import Path

getcontext().prec = 60
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# --------------------------------------------------------------------------------------------
# The figures of each case.
#
#   B(stated, executed, budget)            budget rate: stated vs executed / budget
#   B(stated, executed, unpaid=W)          complement form: budget = executed + W
#   R(stated, num, den)                    rate from counts (either order in the text)
#   S(stated, part, total)                 share "其中 A，占 R%" of the total before 其中
#   Y(stated, current, delta, down)        year-on-year: base = current - delta (rise) or + delta (fall)
#   P(figure, parts, total)                parts that must add up to total
#   G(word, score)                         "自评得分为 S 分，评价等级为 G"
#   T(figure, field)                       a figure restated from the form (field of the table)
#
# `at` (optional) is a longer substring, unique in the text, holding the figure when the figure
# alone is not unique.  Operand strings are located in the text too (see `ground`).
# --------------------------------------------------------------------------------------------


def B(stated, executed, budget=None, unpaid=None, at=None):
    return dict(check="budgetRate", stated=stated, executed=executed, budget=budget, unpaid=unpaid, at=at)


def R(stated, num, den, at=None):
    return dict(check="rate", stated=stated, num=num, den=den, at=at)


def S(stated, part, total, at=None):
    return dict(check="share", stated=stated, part=part, total=total, at=at)


def Y(stated, current, delta, down, at=None):
    return dict(check="yearOnYear", stated=stated, current=current, delta=delta, down=down, at=at)


def P(figure, parts, total):
    return dict(check="parts", figure=figure, parts=parts, total=total, at=None)


def G(word, score, at=None):
    return dict(check="grade", figure=word, score=score, at=at)


def T(figure, field, at=None):
    return dict(check="table", figure=figure, field=field, at=at)


GRADE_AT = "评价等级为“优”"

CASES = {
    "00-seed-restated": [
        G("优", "96.61 分", at=GRADE_AT),
        T("96.61 分", "score"),
        T("优", "grade", at=GRADE_AT),
        R("100%", "5764件", "6337件", at="按时完成率高达100%"),
        B("96.1%", "8,670.53 万元", "9,022.41 万元"),
        T("9,022.41 万元", "planned"),
        T("8,670.53 万元", "executed"),
        P("7,110.54 万元，政府性基金预算财政拨款支出 1,559.98 万元，国有资本经营预算财政拨款支出 0 万元，其他资金支出 0 万元",
          ["7,110.54 万元", "1,559.98 万元", "0 万元", "0 万元"], "8,670.53 万元"),
        T("7,110.54 万元", "source.generalPublic"),
        T("1,559.98 万元", "source.governmentFund"),
        T("0 万元", "source.stateCapital", at="国有资本经营预算财政拨款支出 0 万元"),
        T("0 万元", "source.other", at="其他资金支出 0 万元"),
        P("3,042.3 万元，项目支出 5,670.53 万元", ["3,042.3 万元", "5,670.53 万元"], "8,670.53 万元"),
        T("3,042.3 万元", "nature.basic"),
        T("5,670.53 万元", "nature.project"),
    ],
    "01-civil-affairs-clean": [
        G("优秀", "93.34 分"),
        T("93.34 分", "score"),
        T("优秀", "grade"),
        B("96.57%", "5,201.37 万元", "5,386.20 万元"),
        T("5,386.20 万元", "planned"),
        T("5,201.37 万元", "executed"),
        P("4,862.15 万元，政府性基金预算财政拨款支出 339.22 万元，国有资本经营预算财政拨款支出 0 万元，其他资金支出 0 万元",
          ["4,862.15 万元", "339.22 万元", "0 万元", "0 万元"], "5,201.37 万元"),
        T("4,862.15 万元", "source.generalPublic"),
        T("339.22 万元", "source.governmentFund"),
        T("0 万元", "source.stateCapital", at="国有资本经营预算财政拨款支出 0 万元"),
        T("0 万元", "source.other", at="其他资金支出 0 万元"),
        P("1,608.44 万元，项目支出 3,592.93 万元", ["1,608.44 万元", "3,592.93 万元"], "5,201.37 万元"),
        T("1,608.44 万元", "nature.basic"),
        T("3,592.93 万元", "nature.project", at="项目支出 3,592.93 万元。"),
        S("60.03%", "2,156.80 万元", "3,592.93 万元"),
        Y("12.9%", "12.46 万元", "1.84 万元", down=True),
        R("99.03%", "1,224 件", "1,236 件"),
        R("119.95%", "2,399 人次", "2,000 人次"),
    ],
    "02-street-pdf-broken": [
        G("优", "92.50 分", at=GRADE_AT),
        B("96.19%", "1781.86 万\n元", "1,852.40 万元"),
        P("1,650.12 万元，其他资\n金支出 121.74 万元", ["1,650.12 万元", "121.74 万元"], "1781.86 万\n元"),
        P("1,032.50 万元，项目支出 749.3\n6 万元", ["1,032.50 万元", "749.3\n6 万元"], "1781.86 万\n元"),
        R("95.13%", "801 件", "842 件"),
        R("97.0%", "331 处", "356 处"),
    ],
    "03-justice-fullwidth": [
        B("９６．１％", "１１８８．７４万元", "１２３６．５０万元"),
        P("５２３．６０万元，项目支出６６５．１４万元", ["５２３．６０万元", "６６５．１４万元"], "１１８８．７４万元"),
        R("９７．４％", "９８７件", "１，０２４件"),
        R("１２０％", "３６０人", "３００人"),
        R("９８．５％", "８５２宗", "８６５宗"),
        G("良", "８８．６０分", at="评价等级为“良”"),
    ],
    "04-education-yuan-yiyuan": [
        G("优", "96.51 分", at=GRADE_AT),
        T("96.51 分", "score"),
        T("优", "grade", at=GRADE_AT),
        B("97.84%", "35,418.27 万元", "3.62 亿元"),
        T("3.62 亿元", "planned"),
        T("35,418.27 万元", "executed"),
        P("33,906.05 万元，政府性基金预算财政拨款支出 1,200.00 万元，其他资金支出 312.22 万元",
          ["33,906.05 万元", "1,200.00 万元", "312.22 万元"], "35,418.27 万元"),
        T("33,906.05 万元", "source.generalPublic"),
        T("1,200.00 万元", "source.governmentFund"),
        T("312.22 万元", "source.other"),
        P("2.14 亿元，项目支出 1.40 亿元", ["2.14 亿元", "1.40 亿元"], "35,418.27 万元"),
        T("2.14 亿元", "nature.basic"),
        T("1.40 亿元", "nature.project"),
        P("5,123,400.00 元、中职免学费补助 6,281,500.00 元、生活费补助 1,459,600.00 元",
          ["5,123,400.00 元", "6,281,500.00 元", "1,459,600.00 元"], "1,286.45 万元"),
        P("1,326,000 元、二类地区 842,000 元、三类地区 310,000 元",
          ["1,326,000 元", "842,000 元", "310,000 元"], "2,468,000 元"),
        R("92.02%", "5,908 人", "6,420 人"),
    ],
    "05-health-rate-decimals": [
        B("90.67 %", "6,120.43 万元", "6,750.00 万元"),
        R("83.5%", "1,670 人", "2,000 人"),
        R("83.50 %", "2,839 人", "3,400 人"),
        R("99.98%", "6,666 件", "6,667 件"),
        R("96%", "12,100 人", "12,500 人", at="签约率 96%"),
        R("95%", "1,401 对", "1,500 对", at="完成率 95%"),
        G("良", "86.40 分", at="评价等级为“良”"),
    ],
    "06-veterans-complement": [
        G("优", "90.00 分", at=GRADE_AT),
        B("95.2%", "2,296.03 万元", "2,418.60 万元"),
        B("95.1%", "612.48 万元", unpaid="31.52 万元"),
        B("97.1%", "472.18 万元", "486.30 万元"),
        R("98.93%", "1,015 人次", "1,026 人次"),
    ],
    "07-street-table-contradiction": [
        G("优", "92.35 分", at=GRADE_AT),
        T("92.35 分", "score"),
        T("优", "grade", at=GRADE_AT),
        T("0.34 亿元", "executed"),
        B("95.26%", "3,391.25 万元", "3,560.00 万元", at="完成预算的 95.26%"),
        T("3,560.00 万元", "planned"),
        T("3,391.25 万元", "executed"),
        P("3,012.60 万元，其他资金支出 378.65 万元", ["3,012.60 万元", "378.65 万元"], "3,391.25 万元"),
        T("3,012.60 万元", "source.generalPublic"),
        T("378.65 万元", "source.other"),
        P("1,250.80 万元，项目支出 2,140.45 万元", ["1,250.80 万元", "2,140.45 万元"], "3,391.25 万元"),
        T("1,250.80 万元", "nature.basic"),
        T("2,140.45 万元", "nature.project"),
        R("98.64%", "509 件", "516 件"),
    ],
    "08-city-management-traps": [
        B("90%", "1,188.00 万元", "1,320.00 万元"),
        R("99.22%", "2,298 件", "2,316 件"),
        P("12.60 万元、防暑降温物资 8.35 万元、困难补助 20.10 万元",
          ["12.60 万元", "8.35 万元", "20.10 万元"], "42.05 万元"),
        G("良", "87.05 分", at="评价等级为“良”"),
    ],
    "09-culture-grade-words": [
        B("84.41%", "2,402.16 万元", "2,845.70 万元"),
        P("986.52 万元，项目支出 1,415.64 万元", ["986.52 万元", "1,415.64 万元"], "2,402.16 万元"),
        G("良好", "78.50 分", at="78.50 分，评价等级为“良好”"),
        G("良好", "89.50 分", at="89.50 分，评价等级为“良好”"),
        G("合格", "65 分", at="65 分，评价等级为“合格”"),
        G("合格", "59.99 分", at="59.99 分，评价等级为“合格”"),
        G("不合格", "55 分", at="55 分，评价等级为“不合格”"),
    ],
    "10-hrss-hedges-rank": [
        R("104.7%", "5,236 人", "5,000 人"),
        R("120%", "2,399 人次", "2,000 人次"),
        R("99.2%", "1,238 件", "1,250 件"),
    ],
    "11-market-share-yoy": [
        B("94.21%", "4,126.38 万元", "4,380.00 万元"),
        S("94.64%", "3,905.16 万元", "4,126.38 万元"),
        P("1,298.75 万元、公用经费 213.65 万元", ["1,298.75 万元", "213.65 万元"], "1,512.40 万元"),
        S("45.1%", "1,126.30 万元", "2,613.98 万元"),
        Y("8.2%", "4,126.38 万元", "312.58 万元", down=False),
        Y("11.2%", "18.62 万元", "2.35 万元", down=True),
        Y("25%", "6.40 万元", "1.60 万元", down=True, at="下降 25%"),
        R("105%", "3,150 批次", "3,000 批次"),
        P("312.4 万元、计量检定 86.7 万元、执法装备更新 45.3 万元",
          ["312.4 万元", "86.7 万元", "45.3 万元"], "444.45 万元"),
        G("优", "91.08 分", at=GRADE_AT),
    ],
    "12-agriculture-rate-words": [
        B("97.20%", "7,986.12 万元", "8,215.36 万元"),
        P("6,412.50 万元，政府性基金预算财政拨款支出 1,573.62 万元",
          ["6,412.50 万元", "1,573.62 万元"], "7,986.12 万元"),
        B("99.7%", "1,558.47 万元", "1,563.20 万元"),
        B("92.5%", "1,850.00 万元", "2,000.00 万元"),
        B("91%", "2,931.20 万元", "3,200.00 万元"),
        B("95.5%", "795.50 万元", "860.00 万元"),
        R("112%", "5.6 万亩", "5 万亩"),
        R("105%", "420 人", "400 人"),
        G("良", "89.99 分", at="评价等级为“良”"),
    ],
}

# --------------------------------------------------------------------------------------------
# Reading numbers as written
# --------------------------------------------------------------------------------------------

MONEY = {"元": Decimal(1), "万元": Decimal(10) ** 4, "亿元": Decimal(10) ** 8}
HEDGE_BEFORE = ("约", "超", "逾", "近", "不到")
HEDGE_AFTER = ("以上", "以内")
GRADE_WORDS = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "合格": "中",
               "差": "差", "不合格": "差"}


def fold(s):
    """Full-width ASCII forms to ASCII, ideographic space to space."""
    out = []
    for ch in s:
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            out.append(chr(o - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def read(s):
    """'7,110.54 万元' -> (Decimal('7110.54'), 2, '万元'); '９６．１％' -> (96.1, 1, '%')."""
    t = re.sub(r"\s+", "", fold(s))
    m = re.fullmatch(r"([0-9][0-9,]*(?:\.[0-9]+)?)(.*)", t)
    assert m, f"not a figure: {s!r}"
    digits, unit = m.group(1), m.group(2)
    if "," in digits:
        assert re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", digits), f"bad grouping {s!r}"
    digits = digits.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return Decimal(digits), decimals, unit


def money(s, unit=None):
    """An amount, exactly, in `unit` (default its own)."""
    v, d, u = read(s)
    assert u in MONEY, f"not money: {s!r}"
    return v * MONEY[u] / MONEY[unit or u]


def half_unit(s, unit):
    """Half a unit of the last written decimal of s, in `unit` (0 for an integer)."""
    v, d, u = read(s)
    if d == 0:
        return Decimal(0)
    return Decimal(5) * Decimal(10) ** (-d - 1) * MONEY[u] / MONEY[unit]


def count(s):
    v, d, u = read(s)
    assert u not in MONEY and u not in ("%", "分"), f"not a count: {s!r}"
    return v, u


def round_half_up(x, d):
    return x.quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)


def group(x):
    """Thousands separators, at least 2 decimals, no more than the exact value needs."""
    x = Decimal(x)
    if x == x.quantize(Decimal("0.01")):
        x = x.quantize(Decimal("0.01"))
    else:
        x = x.normalize()
    sign = "-" if x < 0 else ""
    ip, _, fp = format(abs(x), "f").partition(".")
    ip = f"{int(ip):,}"
    return sign + ip + ("." + fp if fp else "")


def fixed(x, d):
    """x with exactly d decimals and thousands separators, as a table value is shown."""
    ip, _, fp = format(abs(round_half_up(x, d)), "f").partition(".")
    return ("-" if x < 0 else "") + f"{int(ip):,}" + ("." + fp if fp else "")


def pct(x):
    return f"{round_half_up(x, 2)}%"


def grade_of(score):
    s = round_half_up(score, 2)
    if s >= 90:
        return "优"
    if s >= 80:
        return "良"
    if s >= 60:
        return "中"
    return "差"


def rate_verdict(stated, exact):
    r, d, u = read(stated)
    assert u == "%", stated
    if r == round_half_up(exact, d):
        return "ok"
    if abs(r - exact) < Decimal(10) ** (-d):
        return "note"
    return "error"


# --------------------------------------------------------------------------------------------
# Finding things in the text
# --------------------------------------------------------------------------------------------


def occurrences(text, s):
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def locate(text, figure, at, case):
    """Span of a figure: unique in the text, or unique inside its unique `at`."""
    if at is not None:
        occ = occurrences(text, at)
        assert len(occ) == 1, f"{case}: context {at!r} occurs {len(occ)} times"
        i = at.find(figure)
        assert i >= 0, f"{case}: {figure!r} not in {at!r}"
        assert at.find(figure, i + 1) < 0, f"{case}: {figure!r} twice in {at!r}"
        start = occ[0] + i
    else:
        occ = occurrences(text, figure)
        assert len(occ) == 1, f"{case}: {figure!r} occurs {len(occ)} times (give an 'at')"
        start = occ[0]
    return start, start + len(figure)


def hedged(text, start, end):
    """Is the figure text[start:end] hedged (约/超/逾/近/不到 before, 余 in it, 以上/以内 after,
    预计 earlier in its clause)?"""
    fig = text[start:end]
    if "余" in fig:
        return True
    before = re.sub(r"\s+", "", text[max(0, start - 6):start])
    if before.endswith(HEDGE_BEFORE):
        return True
    after = re.sub(r"\s+", "", text[end:end + 6])
    if after.startswith(HEDGE_AFTER):
        return True
    clause = re.split(r"[，,。；;：:\n]", text[max(0, start - 80):start])[-1]
    return "预计" in clause


COVERED = []  # (start, end) of every operand located in the current text


def ground(text, s, before, case, same_paragraph):
    """s occurs before position `before` (the nearest such occurrence), unhedged."""
    occ = [i for i in occurrences(text, s) if i + len(s) <= before]
    assert occ, f"{case}: operand {s!r} not found before position {before}"
    i = occ[-1]
    COVERED.append((i, i + len(s)))
    assert not hedged(text, i, i + len(s)), f"{case}: operand {s!r} is hedged"
    if same_paragraph:
        assert "\n\n" not in text[i:before], f"{case}: operand {s!r} is in another paragraph"
    return i


# --------------------------------------------------------------------------------------------
# The table: budget fields and a small scorer
# --------------------------------------------------------------------------------------------

LEVELS = {"优": Decimal(1), "良": Decimal("0.8"), "中": Decimal("0.6"), "差": Decimal(0),
          "达成": Decimal(1), "基本达成": Decimal("0.8"), "部分达成": Decimal("0.6"), "未达成": Decimal(0)}
DONE = {"是", "已完成", "完成", "按时完成", "达成", "已达成", "达到", "已达到", "及时", "有效", "合格",
        "符合", "已公开", "公开", "有"}


def target_parts(t):
    """'≥2000人次' -> ('>=', Decimal, unit); a word target -> ('word', t, None)."""
    t = fold(t).strip()
    m = re.fullmatch(r"(≥|>=|≤|<=|=)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(.*)", t)
    if not m:
        return ("word", t, None)
    cmp = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", "=": "=", None: ">="}[m.group(1)]
    return (cmp, Decimal(m.group(2).replace(",", "")), m.group(3))


def actual_value(a, unit_of_target):
    a = fold(a).strip()
    m = re.fullmatch(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(.*)", a)
    assert m, f"actual {a!r} is not a number"
    v, u = Decimal(m.group(1).replace(",", "")), m.group(2)
    if u in MONEY and unit_of_target in MONEY:
        v = v * MONEY[u] / MONEY[unit_of_target]
    else:
        assert u == unit_of_target, f"units {u!r} / {unit_of_target!r}"
    return v


def leaf_score(leaf, w, rate):
    rule = (leaf.get("rule") or {}).get("kind")
    target = leaf.get("target")
    if rule == "budgetExecution":
        full = leaf["rule"].get("fullFrom")
        if full is not None and rate >= read(full)[0]:
            return w
        return w * min(max(rate / 100, Decimal(0)), Decimal(1))
    if rule == "bands":
        a = read(leaf["actual"])[0]
        for band in leaf["rule"]["bands"]:
            lo = read(band["from"])[0] if "from" in band else None
            hi = read(band["upTo"])[0] if "upTo" in band else None
            if (lo is None or a >= lo) and (hi is None or a <= hi):
                return min(Decimal(band["score"]), w)
        return Decimal(0)
    if rule == "levels" or (rule is None and target is None and "level" in leaf):
        return w * LEVELS[leaf.get("level") or leaf["actual"]]
    assert rule is None, f"rule {rule} not handled here"
    cmp, t, unit = target_parts(target)
    if cmp == "word":
        a = leaf["actual"].strip()
        return w if (a == t or a in DONE) else Decimal(0)
    a = actual_value(leaf["actual"], unit)
    if cmp == ">=":
        return w if (t <= 0 or a >= t) else w * max(a, Decimal(0)) / t
    if cmp == "<=":
        return w if a <= t else w * max(t, Decimal(0)) / a
    return w if a == t else w * min(a, t) / max(a, t)


def flatten(rows, out):
    for r in rows:
        out[r["id"]] = r
        flatten(r.get("children") or [], out)
    return out


def table_score(form):
    """Total and grade of a form, by the rules of docs/form-format.md §7–§9 (subset)."""
    b = form["budget"]["total"]
    unit = form.get("moneyUnit", "万元")
    rate = money(b["executed"] + unit, "元") / money(b["planned"] + unit, "元") * 100
    rows = flatten(form.get("indicators", []), {})
    leaves = []
    if form.get("template"):
        tpl = json.loads((REPO / "templates" / f"{form['template']}.json").read_text(encoding="utf-8"))

        def walk(node):
            if node.get("open"):
                own = rows.get(node["id"], {}).get("children") or []
                for r in own:
                    assert not r.get("children"), "nested own rows not handled"
                    leaves.append((r, Decimal(r["weight"])))
            elif node.get("children"):
                for c in node["children"]:
                    walk(c)
            else:
                leaf = dict(node)
                leaf.update({k: v for k, v in rows.get(node["id"], {}).items() if k != "name"})
                leaves.append((leaf, Decimal(node["weight"])))

        for n in tpl["indicators"]:
            walk(n)
        assert Decimal(tpl["totalWeight"]) == sum(w for _, w in leaves), "weights"
    else:
        def walk_form(r):
            if r.get("children"):
                for c in r["children"]:
                    walk_form(c)
            else:
                leaves.append((r, Decimal(r["weight"])))

        for r in form["indicators"]:
            walk_form(r)
        assert sum(w for _, w in leaves) == 100, "weights"
    total = Decimal(0)
    for leaf, w in leaves:
        s = round_half_up(min(leaf_score(leaf, w, rate), w), 2)
        if "score" in leaf:
            assert Decimal(leaf["score"]) == s, f"leaf {leaf['id']}: claimed {leaf['score']}, rule {s}"
        total += s
    return total, grade_of(total)


def table_field(form, field):
    b = form["budget"]
    unit = form.get("moneyUnit", "万元")
    if field == "planned":
        return money(b["total"]["planned"] + unit, "元")
    if field == "executed":
        return money(b["total"]["executed"] + unit, "元")
    group_name, key = field.split(".")
    block = b["bySource" if group_name == "source" else "byNature"]
    return money(block[key]["executed"] + unit, "元")


# --------------------------------------------------------------------------------------------
# Deriving the expected findings
# --------------------------------------------------------------------------------------------


def derive(case, text, form):
    findings, ok = [], []
    score_info = table_score(form) if form else None

    def emit(kind, verdict, codes, figure, at, values):
        if verdict == "ok":
            entry = {"kind": kind, "figure": figure}
            if at:
                entry["at"] = at
            ok.append(entry)
        else:
            code, severity = codes[verdict]
            entry = {"code": code, "severity": severity, "figure": figure}
            if at:
                entry["at"] = at
            entry["values"] = values
            findings.append(entry)

    rate_codes = {"note": ("narrative.rateImprecise", "info"), "error": ("narrative.rateMismatch", "error")}
    for c in CASES[case]:
        start, end = locate(text, c["figure"] if "figure" in c else c["stated"], c["at"], case)
        figure = text[start:end]
        assert not hedged(text, start, end), f"{case}: {figure!r} is hedged"
        kind = c["check"]
        if kind == "budgetRate":
            ex_at = ground(text, c["executed"], start, case, False)
            executed = money(c["executed"], "元")
            if c["unpaid"] is not None:
                ground(text, c["unpaid"], start, case, True)
                budget = executed + money(c["unpaid"], "元")
            else:
                ground(text, c["budget"], ex_at, case, False)
                budget = money(c["budget"], "元")
            exact = executed / budget * 100
            emit("budgetRate", rate_verdict(figure, exact),
                 {"note": ("narrative.budgetRateImprecise", "info"),
                  "error": ("narrative.budgetRateMismatch", "error")},
                 figure, c["at"], {"computed": pct(exact)})
        elif kind == "rate":
            ground(text, c["num"], start, case, True)
            ground(text, c["den"], start, case, True)
            (n, un), (d, ud) = count(c["num"]), count(c["den"])
            assert un == ud, f"{case}: units differ"
            exact = n / d * 100
            emit("rate", rate_verdict(figure, exact), rate_codes, figure, c["at"], {"computed": pct(exact)})
        elif kind == "share":
            p_at = ground(text, c["part"], start, case, True)
            t_at = ground(text, c["total"], p_at, case, True)
            assert "其中" in text[t_at:p_at], f"{case}: no 其中 between total and part"
            exact = money(c["part"], "元") / money(c["total"], "元") * 100
            emit("share", rate_verdict(figure, exact), rate_codes, figure, c["at"], {"computed": pct(exact)})
        elif kind == "yearOnYear":
            d_at = ground(text, c["delta"], start, case, True)
            ground(text, c["current"], d_at, case, True)
            cur, delta = money(c["current"], "元"), money(c["delta"], "元")
            base = cur + delta if c["down"] else cur - delta
            exact = delta / base * 100
            emit("yearOnYear", rate_verdict(figure, exact), rate_codes, figure, c["at"], {"computed": pct(exact)})
        elif kind == "parts":
            parts, total_s = c["parts"], c["total"]
            assert figure.startswith(parts[0]) and figure.endswith(parts[-1]), f"{case}: span ends"
            pos = 0
            for p in parts:
                i = figure.find(p, pos)
                assert i >= 0, f"{case}: part {p!r} not in span in order"
                assert not hedged(text, start + i, start + i + len(p)), f"{case}: part {p!r} hedged"
                pos = i + len(p)
            # the total: the nearest occurrence before the span (其中, 按…分) or, for a list
            # closed by 共计/合计, right after it; in the same paragraph, unhedged
            before = [i for i in occurrences(text, total_s) if i + len(total_s) <= start
                      and "\n\n" not in text[i:start]]
            after = [i for i in occurrences(text, total_s) if i >= end
                     and re.fullmatch(r"[，,、\s]*(共计|合计)\s*", text[end:i])]
            assert before or after, f"{case}: total {total_s!r} not found next to its parts"
            i = after[0] if after else before[-1]
            assert not hedged(text, i, i + len(total_s)), f"{case}: total {total_s!r} hedged"
            COVERED.append((i, i + len(total_s)))
            unit = read(total_s)[2]
            total = money(total_s)
            total_sum = sum(money(p, unit) for p in parts)
            tol = sum(half_unit(p, unit) for p in parts)
            diff = abs(total_sum - total)
            verdict = "ok" if diff == 0 else ("note" if diff <= tol else "error")
            emit("partsSum", verdict,
                 {"note": ("narrative.partsSumRounding", "info"),
                  "error": ("narrative.partsSumMismatch", "error")},
                 figure, None, {"sum": group(total_sum), "total": group(total), "difference": group(diff)})
        elif kind == "grade":
            s_at = ground(text, c["score"], start, case, False)
            assert start - s_at < 40, f"{case}: score far from its grade"
            score = read(c["score"])[0]
            expected = grade_of(score)
            stated = figure
            verdict = "ok" if GRADE_WORDS[stated] == expected else "error"
            emit("grade", verdict, {"error": ("narrative.gradeMismatch", "error")},
                 figure, c["at"], {"expected": expected, "stated": stated})
        elif kind == "table":
            assert form is not None, f"{case}: table check without a form"
            if c["field"] == "grade":
                table_value = score_info[1]
                verdict = "ok" if GRADE_WORDS[figure] == table_value else "error"
                shown = table_value
            elif c["field"] == "score":
                v, d, u = read(figure)
                assert u == "分"
                table_value = round_half_up(score_info[0], d)
                verdict = "ok" if v == table_value else "error"
                shown = f"{fixed(table_value, d)} 分"
            else:
                v, d, u = read(figure)
                table_value = round_half_up(table_field(form, c["field"]) / MONEY[u], d)
                verdict = "ok" if v == table_value else "error"
                shown = f"{fixed(table_value, d)} {u}"
            emit("tableMatch", verdict, {"error": ("narrative.differsFromTable", "error")},
                 figure, c["at"], {"table": shown})
        else:
            raise AssertionError(kind)
    return findings, ok, score_info


FIGURE_RE = re.compile(
    r"([0-9０-９][0-9０-９,，.．]*(?:\s*\n?\s*[0-9０-９.．]+)*\s*(?:[%％]|余?万\s*\n?\s*元|余?亿元|余?元|分(?![钟之])))"
    r"|等级为“([^”]+)”")


def canon(entries):
    return sorted(json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entries)


def main(argv):
    cli = None
    if len(argv) >= 2 and argv[0] == "--cli":
        cli = argv[1]
    failures = 0
    texts = sorted(HERE.glob("*.txt"))
    assert len(texts) >= 11, "at least the seed and 10 cases"
    assert {p.stem for p in texts} == set(CASES), "every .txt has a row in CASES and back"
    for path in texts:
        case = path.stem
        raw = path.read_bytes()
        try:
            assert not raw.startswith(b"\xef\xbb\xbf"), "byte-order mark"
            text = raw.decode("utf-8")
            assert "\r" not in text, "CR in text"
            assert 300 <= len(text) <= 2000, f"length {len(text)}"
            assert re.fullmatch(r"[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*", case), "file name"
            expected = json.loads((HERE / f"{case}.expected.json").read_text(encoding="utf-8"))
            assert set(expected) <= {"description", "findings", "ok", "unchecked", "tableScore", "tableGrade"}
            form_path = HERE / f"{case}.form.json"
            form = json.loads(form_path.read_text(encoding="utf-8")) if form_path.exists() else None
            if form is not None:
                assert form["version"] == 1
            COVERED.clear()
            findings, ok, score_info = derive(case, text, form)

            assert canon(findings) == canon(expected["findings"]), (
                "findings differ:\n  derived  " + "\n           ".join(canon(findings))
                + "\n  expected " + "\n           ".join(canon(expected["findings"])))
            assert canon(ok) == canon(expected["ok"]), (
                "ok differ:\n  derived  " + "\n           ".join(canon(ok))
                + "\n  expected " + "\n           ".join(canon(expected["ok"])))

            spans = [locate(text, f["figure"], f.get("at"), case) for f in expected["findings"]]
            assert spans == sorted(spans), "findings not in text order"
            for s in expected["unchecked"]:
                occ = occurrences(text, s)
                assert occ, f"unchecked {s!r} not in text"
                for i in occ:
                    for a, b in spans:
                        assert i + len(s) <= a or b <= i, f"unchecked {s!r} overlaps a finding"

            # Every percentage, amount of money and grade word in the text is accounted for: an
            # operand of a check, inside a finding's or an ok claim's span, or listed as unchecked.
            covered = list(COVERED) + spans
            covered += [locate(text, o["figure"], o.get("at"), case) for o in expected["ok"]]
            for s in expected["unchecked"]:
                covered += [(i, i + len(s)) for i in occurrences(text, s)]
            for m in FIGURE_RE.finditer(text):
                g = 1 if m.group(1) else 2
                a, b = m.span(g)
                assert any(x < b and a < y for x, y in covered), (
                    f"{m.group(g)!r} at {a} is neither checked nor listed as unchecked")

            if form is not None:
                total, grade = score_info
                claimed = form.get("claimed", {})
                assert Decimal(claimed["score"]) == total, f"form claims {claimed['score']}, rules give {total}"
                assert claimed["grade"] == grade
                assert expected.get("tableScore") == str(round_half_up(total, 2)), "tableScore"
                assert expected.get("tableGrade") == grade, "tableGrade"
                if cli:
                    out = subprocess.run([cli, "check", "--format", "json", str(form_path)],
                                         capture_output=True, text=True)
                    report = json.loads(out.stdout)
                    assert report["score"] == expected["tableScore"], f"cli score {report['score']}"
                    assert report["grade"] == expected["tableGrade"], f"cli grade {report['grade']}"
            else:
                assert "tableScore" not in expected and "tableGrade" not in expected
            print(f"ok    {case}: {len(findings)} findings, {len(ok)} ok, {len(expected['unchecked'])} unchecked")
        except AssertionError as e:
            failures += 1
            print(f"FAIL  {case}: {e}")
    seed_form = (HERE / "00-seed-restated.form.json").read_bytes()
    if seed_form != (REPO / "examples" / "shiweitang-2024.json").read_bytes():
        failures += 1
        print("FAIL  00-seed-restated.form.json is not a copy of examples/shiweitang-2024.json")
    print("all cases agree" if failures == 0 else f"{failures} case(s) disagree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
