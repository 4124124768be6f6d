// Generated from the Rust types by `jixiao types` (src/schema.rs); do not edit.
// Every number the engine reads or writes crosses as a string: exact decimals, no floats.

/** What `addRow` returns: the new row's id and what changed (a [`Change`], or the borrowed `ChangeRef` the keystroke path writes). */
export interface AddedRow {
  /** The id of the row added (of the group, for a group: its first row is in `change.leaves`). */
  id: string;
  change: Change;
}

export interface AmountError {
  code: string;
  message: string;
}

/** What `parseAmount` returns: the amount in the requested unit, or why it cannot be read. */
export interface AmountReading {
  /** The amount in `unit`, exact, as a string; absent when the cell is empty or unreadable. */
  value?: string | null;
  unit: MoneyUnit;
  /** The unit the text was typed in (`1.35亿元` → 亿元). */
  typedUnit?: MoneyUnit | null;
  /** Why the text is not an amount. */
  error?: AmountError | null;
}

/** One row of a `bands` table: holds when `from ≤ actual ≤ upTo` (either bound may be absent). */
export interface Band {
  from?: Text | null;
  upTo?: Text | null;
  score: Text;
}

/** 年度部门整体支出规模. */
export interface Budget {
  total?: Column;
  bySource?: Sources;
  byNature?: Natures;
  /** 执行率 as the form states it (`96.1%` or `0.961`). */
  statedRate?: Text | null;
  /** 未完成原因 of the budget execution. */
  reason?: string | null;
}

export interface BudgetReport {
  /** 全年预算数 in the form's money unit. */
  planned?: string | null;
  /** 全年执行数 in the form's money unit. */
  executed?: string | null;
  /** 执行率 in percent, 2 decimals (`96.10`). */
  rate?: string | null;
  /** 执行率 in percent, exact to 28 significant digits. */
  rateExact?: string | null;
  /** The rate as the form states it. */
  statedRate?: string | null;
  bySource: SumReport;
  byNature: SumReport;
}

/** What one typed cell changed. */
export interface Change {
  /** The total by the rules, 2 decimals. */
  score: string;
  maxScore: string;
  grade: string;
  gradeEn: string;
  /** Leaves whose report changed (score, explanation, claim…). */
  leaves: LeafReport[];
  /** Parent rows whose subtotal changed. */
  subtotals: SubtotalReport[];
  /** The budget figures, when the cell was in the budget table. */
  budget?: BudgetReport | null;
  /** How many claims the 说明 has and how many were checked, when the form has one. */
  narrative?: NarrativeCount | null;
  /** Every current finding, as in the report. */
  issues: Issue[];
  summary: Summary;
}

/** What a claim asserts. */
export type ClaimKind = "budgetRate" | "rate" | "parts" | "grade" | "restated";

/** One claim: its kind, its verdict, the figure as written (clean of line breaks and spaces) and where it is. */
export interface ClaimReport {
  kind: ClaimKind;
  verdict: Verdict;
  text: string;
  span: Span;
}

/** What the unit claims for the whole form. */
export interface Claimed {
  /** 自评得分 */
  score?: Text | null;
  /** 评价等级 */
  grade?: string | null;
}

/** 全年预算数 and 全年执行数 of one row. */
export interface Column {
  planned?: Text | null;
  executed?: Text | null;
}

export interface DeductionItem {
  /** What was wrong (扣分事项). */
  fault: string;
  points: Text;
}

/** A drafted paragraph and sentence, or the errors that stopped them. */
export interface Draft {
  /** 预算支出情况: the budget, the spending, the rate, the parts by source and by nature. */
  budget?: string | null;
  /** 自评结论: the score and the grade. */
  conclusion?: string | null;
  /** The errors that stopped a part: the budget table's (no `budget`), or the indicators' weights not adding up to the total (no `conclusion`). */
  issues: Issue[];
}

/** `equal` when the actual misses the target. */
export type EqualOtherwise = "proportional" | "zero";

/** 部门整体支出绩效自评表, as typed */
export interface Form {
  /** Format version; must be 1. */
  version: number;
  /** A built-in template id (`gd-dept-overall`, `mof-project`) whose tree, weights and rules apply. */
  template?: string | null;
  unit?: UnitInfo;
  /** Overall goals and their completion (年度整体绩效目标, 完成情况). */
  goals?: Goals;
  /** 元, 万元 (default) or 亿元: the unit of every amount typed without its own unit. */
  moneyUnit?: MoneyUnit;
  budget?: Budget;
  indicators?: Node[];
  claimed?: Claimed;
  /** 自评表说明: the narrative text as typed or pasted, checked against itself and the table. */
  narrative?: string | null;
}

export interface Goals {
  /** 年度整体绩效目标 */
  target?: string | null;
  /** 整体绩效目标完成情况 */
  completion?: string | null;
  /** 未能完成原因 */
  reason?: string | null;
}

export interface GradeBandSpec {
  min?: Text | null;
  grade: string;
  gradeEn: string;
}

/** A finding in words, as the report carries it. */
export interface Issue {
  /** Stable, never renamed (`budget.natureSumMismatch`). */
  code: string;
  severity: Severity;
  /** The field it is about (`budget.byNature`, `indicators.1.2.3.actual`). */
  path: string;
  /** In the requested language. */
  message: string;
  /** The numbers and words the message quotes, as strings. */
  values: Values;
  /** Where in a 说明 the figure is (`path` is `narrative`). */
  span?: Span | null;
}

export type Lang = "zh-CN" | "en";

export interface LeafReport {
  id: string;
  name: string;
  /** The template's English name of the row, where the form did not rename it. */
  nameEn?: string | null;
  /** Id of the parent row, if any. */
  parent?: string | null;
  /** The score by the rule (or the claimed score where no rule can apply), 2 decimals. */
  score: string;
  /** The weight. */
  maxScore: string;
  /** What the filler claimed, normalised to 2 decimals. */
  claimedScore?: string | null;
  /** The rule kind that produced `score` (`proportional`, `manual` …). */
  rule: string;
  /** How the score came out, in words. */
  explain: string;
  /** Whether the target was met; absent when it could not be judged. */
  met?: boolean | null;
}

export type MoneyUnit = "元" | "万元" | "亿元";

/** What `checkNarrative` returns: the 说明's claims, their findings and the count of findings. */
export interface NarrativeCheck {
  /** How many claims the text makes (stated rates, parts, grades and, with a form, the figures it restates). */
  found: number;
  /** How many of them could be checked; the rest are hedged or name no base. */
  checked: number;
  claims: ClaimReport[];
  issues: Issue[];
  summary: Summary;
}

/** How many claims a 说明 has and how many were checked, as a keystroke's change carries it. */
export interface NarrativeCount {
  found: number;
  checked: number;
}

/** What the report says of a 说明: how many claims were found and checked, and each claim. */
export interface NarrativeReport {
  found: number;
  checked: number;
  claims: ClaimReport[];
}

/** 按支出性质. */
export interface Natures {
  /** 基本支出 */
  basic?: Column;
  /** 项目支出 */
  project?: Column;
}

/** A row of the 绩效指标表: a parent (with `children`) or a leaf (with values). */
export interface Node {
  /** Unique in the form (and, with a template, the template's id for its own rows); at most 100 characters once trimmed. */
  id: string;
  name?: string | null;
  /** 分值. A parent without one weighs the sum of its children. */
  weight?: Text | null;
  children?: Node[] | null;
  /** How the leaf is scored; without it the comparator of the target decides. */
  rule?: Rule | null;
  /** 目标值 (`≥90%`, `≤50万元`, `按时完成`). */
  target?: Text | null;
  /** 实际完成值. */
  actual?: Text | null;
  /** A qualitative level (优/良/中/差, 达成/部分达成/未达成) for `levels` rules. */
  level?: Text | null;
  /** 得分 as the filler claims it. */
  score?: Text | null;
  /** 未完成原因. */
  reason?: string | null;
}

export interface Report {
  version: number;
  lang: Lang;
  unit: ReportUnit;
  template?: string | null;
  moneyUnit: MoneyUnit;
  /** 自评得分 by the rules: the sum of the rounded leaf scores, 2 decimals. */
  score: string;
  /** The sum of the leaf weights. */
  maxScore: string;
  /** 评价等级 of `score`. */
  grade: string;
  gradeEn: string;
  claimed: ReportClaimed;
  leaves: LeafReport[];
  subtotals: SubtotalReport[];
  budget: BudgetReport;
  /** The 说明's claims, when the form has one. */
  narrative?: NarrativeReport | null;
  issues: Issue[];
  summary: Summary;
}

export interface ReportClaimed {
  score?: string | null;
  grade?: string | null;
}

export interface ReportUnit {
  name?: string | null;
  year?: string | null;
}

/** A scoring rule. Which parameters are allowed depends on `kind` (docs/form-format.md). */
export interface Rule {
  kind: RuleKind;
  /** `equal`: what a miss scores. */
  otherwise?: EqualOtherwise | null;
  /** `perPoint`: the size of one step of shortfall (`1` for 每低1个百分点). */
  per?: Text | null;
  /** `perPoint`: points taken per step. */
  deduct?: Text | null;
  /** `bands`: checked in order, the first that holds gives the score. */
  bands?: Band[] | null;
  /** `bands`: the score when no band holds (default 0). */
  otherwiseScore?: Text | null;
  /** `levels`: level word → fraction of the weight (default 优 1, 良 0.8, 中 0.6, 差 0). */
  levels?: Record<string, Text> | null;
  /** `deductions`: the faults found, each with the points it costs. */
  items?: DeductionItem[] | null;
  /** `budgetExecution`: the rate from which the full weight is given (e.g. `95%`). */
  fullFrom?: Text | null;
}

export type RuleKind = "proportional" | "inverse" | "equal" | "perPoint" | "bands" | "levels" | "boolean" | "deductions" | "budgetExecution" | "manual";

export type Severity = "info" | "error" | "warning";

/** 按资金来源. */
export interface Sources {
  /** 一般公共预算财政拨款 */
  generalPublic?: Column;
  /** 政府性基金预算财政拨款 */
  governmentFund?: Column;
  /** 国有资本经营预算财政拨款 */
  stateCapital?: Column;
  /** 其他资金 */
  other?: Column;
}

/** A span of a 说明's text: offsets in UTF-16 code units (what JavaScript's `selectionStart` counts), from 0, end exclusive; the line and column of its start, from 1, the column in UTF-16 code units too. Line breaks are `\n`, `\r\n` or `\r`. */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface SubtotalReport {
  id: string;
  name: string;
  /** The template's English name of the row, where the form did not rename it. */
  nameEn?: string | null;
  parent?: string | null;
  score: string;
  maxScore: string;
}

export interface SumCheck {
  sum: string;
  total: string;
  /** `sum − total`. */
  difference: string;
  /** The largest difference taken as rounding: 0.01 per summand beyond the first. */
  tolerance: string;
  verdict: SumVerdict;
}

export interface SumReport {
  planned?: SumCheck | null;
  executed?: SumCheck | null;
}

export type SumVerdict = "equal" | "rounding" | "mismatch";

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

export interface Template {
  id: string;
  name: string;
  nameEn: string;
  description?: string | null;
  /** What the leaf weights must add up to (100). */
  totalWeight: Text;
  /** Grade bands, highest first; the last band has no `min`. */
  grades?: GradeBandSpec[] | null;
  indicators: TemplateNode[];
}

export interface TemplateNode {
  id: string;
  name: string;
  nameEn?: string | null;
  weight?: Text | null;
  /** Forms may add their own rows under an open node (the unit's own KPIs). */
  open?: boolean;
  rule?: Rule | null;
  target?: Text | null;
  children?: TemplateNode[];
}

export interface TemplateSummary {
  id: string;
  name: string;
  nameEn: string;
}

/** A value as typed: a string such as "9,022.41", "96.1%", "≥90%", "1.35亿元", or a JSON number. */
export type Text = string | number;

export interface UnitInfo {
  /** 单位名称 */
  name?: string | null;
  /** 年度: the evaluated year. */
  year?: Text | null;
  /** 填报人 */
  preparer?: string | null;
  /** 联系电话 */
  phone?: string | null;
  /** 填报日期 */
  date?: string | null;
}

export type Values = Record<string, string>;

export type Verdict = "ok" | "error" | "note" | "unchecked";
