// Benchmark forms of N leaves as plain objects: the shape of benches/evaluate.rs (the native
// benchmark), so native and WebAssembly numbers describe the same forms.
//
// Parents of 10 leaves; every leaf weighs 100/N; the leaves cycle through five kinds:
//   0  proportional  target "≥90%",    actual "85.5%",   reason "受疫情影响"
//   1  inverse       target "≤50万元",  actual "48万元"
//   2  equal         target "=100%",   actual "100%"
//   3  qualitative   target "按时完成",  actual "按时完成"
//   4  levels        rule {kind:"levels"}, level "良",  reason "部分完成"
// The budget table is the seed's (96.1% stated, 42.30 mismatch by nature); claimed 90 / 优.
//
// No imports: this file is loaded by Node (bench/run.mjs, bench/baseline.mjs) and by the browser
// page (bench/page.html).

/** The leaf counts every benchmark reports. */
export const SIZES = [10, 100, 1_000, 10_000];

const CELLS = [
  { target: '≥90%', actual: '85.5%', reason: '受疫情影响' },
  { target: '≤50万元', actual: '48万元' },
  { target: '=100%', actual: '100%' },
  { target: '按时完成', actual: '按时完成' },
  { rule: { kind: 'levels' }, level: '良', reason: '部分完成' },
];

/** 100 / n as exact decimal text (n is a divisor of 100 × 10^k: 10 → "10", 10000 → "0.01"). */
export function weightText(n) {
  // exact for every n whose only prime factors are 2 and 5, which covers all of SIZES
  let num = 100n;
  let scale = 0;
  while (num % BigInt(n) !== 0n) {
    num *= 10n;
    scale += 1;
    if (scale > 30) throw new Error(`100/${n} has no short decimal form`);
  }
  const digits = (num / BigInt(n)).toString().padStart(scale + 1, '0');
  if (scale === 0) return digits;
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/** A form of `leaves` leaves (10 per parent). Returns a fresh object every call. */
export function makeForm(leaves) {
  const weight = weightText(leaves);
  const indicators = [];
  for (let p = 0; p < Math.ceil(leaves / 10); p++) {
    const children = [];
    for (let c = 0; c < Math.min(10, leaves - p * 10); c++) {
      const cell = CELLS[(p * 10 + c) % CELLS.length];
      const leaf = { id: `${p}.${c}`, name: `指标${p}.${c}`, weight };
      if (cell.rule) leaf.rule = { ...cell.rule };
      if (cell.target !== undefined) leaf.target = cell.target;
      if (cell.actual !== undefined) leaf.actual = cell.actual;
      if (cell.level !== undefined) leaf.level = cell.level;
      if (cell.reason !== undefined) leaf.reason = cell.reason;
      children.push(leaf);
    }
    indicators.push({ id: `${p}`, name: `一级${p}`, children });
  }
  return {
    version: 1,
    unit: { name: '基准单位', year: '2024' },
    budget: {
      total: { planned: '9,022.41', executed: '8,670.53' },
      bySource: { generalPublic: { executed: '7,110.54' }, governmentFund: { executed: '1,559.98' } },
      byNature: { basic: { executed: '3,042.3' }, project: { executed: '5,670.53' } },
      statedRate: '96.1%',
    },
    indicators,
    claimed: { score: '90', grade: '优' },
  };
}

/**
 * The cell a benchmark keystroke types into: the `actual` of a proportional leaf (target ≥90%) in
 * the middle of the form, and two values that give it different scores at every weight
 * (85.5% → 0.95 w, 40% → 0.444… w; at w = 0.01 that is 0.01 against 0.00).
 */
export function keystroke(leaves) {
  const p = Math.floor(Math.ceil(leaves / 10) / 2);
  const id = `${p}.0`; // child 0 of any parent is kind 0 (proportional), since 10 % 5 == 0
  return { id, path: `indicators.${id}.actual`, parent: p, child: 0, values: ['40%', '85.5%'] };
}
