"""The peer of jixiao's bulk review: a plain Python `decimal` script that only recomputes each
form's total, grade and execution rate (no checks, no messages, no report), one JSON line per
file. Run by bench/bulk.mjs on the same files as `jixiao check --format json`.

    python3 bench/recompute.py FILE...
"""
import json
import sys
from decimal import Decimal, ROUND_HALF_UP

GRADES = [(Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中")]


def amount(text):
    return Decimal(str(text).replace(",", "").replace("万元", "").strip() or "0")


def leaves(nodes):
    for node in nodes:
        if node.get("children"):
            yield from leaves(node["children"])
        else:
            yield node


def main(paths):
    out = sys.stdout
    for path in paths:
        with open(path, encoding="utf-8") as f:
            form = json.load(f)
        total = sum((Decimal(str(leaf.get("score", "0"))) for leaf in leaves(form.get("indicators", []))), Decimal(0))
        total = total.quantize(Decimal("0.01"), ROUND_HALF_UP)
        grade = next((g for floor, g in GRADES if total >= floor), "差")
        budget = form.get("budget", {}).get("total", {})
        planned, executed = amount(budget.get("planned", "0")), amount(budget.get("executed", "0"))
        rate = (executed * 100 / planned).quantize(Decimal("0.01"), ROUND_HALF_UP) if planned else None
        out.write(json.dumps({"file": path, "score": str(total), "grade": grade, "rate": str(rate)}, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
