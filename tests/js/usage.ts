// A typed usage example of the jixiao wasm package, as a portal developer writes it.
// `make test` type-checks it (strict): node_modules/.bin/tsc -p tests/js/tsconfig.json --noEmit
// tests/js/types.test.mjs also runs it, so the example stays true.

import init, {
  checkNarrative,
  draftNarrative,
  evaluate,
  Evaluator,
  parseAmount,
  template,
  templates,
  version,
} from '../../pkg/jixiao.js';
import type {
  AmountReading,
  BudgetReport,
  Change,
  Draft,
  Form,
  InitInput,
  JixiaoError,
  Issue,
  LeafReport,
  Lang,
  NarrativeCheck,
  Node,
  Options,
  Report,
  Severity,
  Span,
  SubtotalReport,
  SumVerdict,
  Template,
  TemplateSummary,
} from '../../pkg/jixiao.js';

/** What the example hands back to its caller (the test checks it). */
export interface Outcome {
  version: string;
  score: string;
  grade: string;
  errors: Issue[];
  natureVerdict: SumVerdict | undefined;
  afterFix: { score: string; errors: number; touchedLeaves: string[]; touchedParents: string[] };
  afterActual: { score: string; touchedLeaves: string[]; touchedParents: string[] };
  keptText: string | undefined;
  amount: string | undefined;
  unreadableAmount: string | undefined;
  templateIds: string[];
  misuse: string | undefined;
  shapeError: { code: string | undefined; path: string | undefined };
  /** The 说明 checked against the form: its wrong rate and where it is; and the drafted paragraph. */
  narrative: { codes: string[]; wrong: string | undefined; drafted: string | undefined };
}

/** A small 部门整体 form, typed as the portal collects it: numbers as text or as JS numbers. */
export const form: Form = {
  version: 1,
  template: 'gd-dept-overall',
  unit: { name: '示例街道办事处', year: 2024 },
  moneyUnit: '万元',
  budget: {
    total: { planned: '9,022.41', executed: '8,670.53' },
    bySource: {
      generalPublic: { executed: '7,110.54' },
      governmentFund: { executed: 1559.98 },
    },
    byNature: {
      basic: { executed: '3,042.3' },
      project: { executed: '5,670.53' },
    },
    statedRate: '96.1%',
    reason: '部分项目顺延。',
  },
  indicators: [
    {
      id: '1.1',
      children: [
        { id: '1.1.1', name: '按时答复率', weight: 15, target: '=100%', actual: '100%', score: '15' },
        { id: '1.1.2', name: '工单按时完成率', weight: '10', target: '≥95%', actual: '90.96%', reason: '人手不足' },
      ],
    },
  ],
  claimed: { score: '96.61', grade: '优' },
};

/** The `code` a jixiao call throws (`api.unknownPath`, `form.invalid` …), if it is one of ours. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The field a form shape error names (`budget.total.planned`). */
function errorPath(error: unknown): string | undefined {
  return errorCode(error) === undefined ? undefined : (error as JixiaoError).path;
}

function errorsOf(issues: Issue[]): Issue[] {
  const wanted: Severity = 'error';
  return issues.filter((issue: Issue) => issue.severity === wanted);
}

function rowIds(rows: Array<LeafReport | SubtotalReport>): string[] {
  return rows.map((row) => row.id).sort();
}

/** Runs the example. In a browser `await run()` fetches jixiao_bg.wasm next to jixiao.js. */
export async function run(wasm?: InitInput): Promise<Outcome> {
  await init(wasm === undefined ? undefined : { module_or_path: wasm });

  const lang: Lang = 'en';
  const options: Options = { lang };

  // the whole form at once (on load, on submit)
  const report: Report = evaluate(form, options);
  const budget: BudgetReport = report.budget;
  const natureVerdict: SumVerdict | undefined = budget.byNature.executed?.verdict;
  for (const issue of report.issues) {
    const where: string = issue.path;
    const numbers: Record<string, string> = issue.values;
    void where;
    void numbers;
  }

  // the keystroke path: one cell at a time
  const evaluator = new Evaluator(form, options);
  let afterFix: Outcome['afterFix'];
  let afterActual: Outcome['afterActual'];
  let keptText: string | undefined;
  let misuse: string | undefined;
  try {
    const fix: Change = evaluator.set('budget.byNature.basic.executed', '3,000.00');
    afterFix = {
      score: fix.score,
      errors: fix.summary.errors,
      touchedLeaves: rowIds(fix.leaves),
      touchedParents: rowIds(fix.subtotals),
    };
    const typed: Change = evaluator.set('indicators.1.1.2.actual', 95.5);
    afterActual = { score: typed.score, touchedLeaves: rowIds(typed.leaves), touchedParents: rowIds(typed.subtotals) };
    evaluator.set('indicators.1.1.1.actual', null); // clears the cell

    evaluator.set('budget.total.planned', '9 022,41'); // ambiguous: a finding, and the text is kept
    const asTyped: Form = evaluator.form();
    keptText = asTyped.budget?.total?.planned?.toString();
    const nodes: Node[] = asTyped.indicators ?? [];
    void nodes;

    const current: Report = evaluator.report();
    void current;

    try {
      evaluator.set('budget.total.spent', '1');
    } catch (error: unknown) {
      misuse = errorCode(error);
    }
  } finally {
    evaluator.free();
  }

  // a form of the wrong shape throws, with the field that is wrong
  let shapeError: Outcome['shapeError'] = { code: undefined, path: undefined };
  try {
    evaluate('{"version": 1, "budget": {"total": {"planned": [1]}}}', options);
  } catch (error: unknown) {
    shapeError = { code: errorCode(error), path: errorPath(error) };
  }

  // the 说明: checked against the form, each wrong figure cut out of the text by its span
  const text = '受理工单 6337 件，按时完成 5764 件，按时完成率 100%。';
  const checked: NarrativeCheck = checkNarrative(text, { form, lang });
  const span: Span | null | undefined = checked.issues[0]?.span;
  const drafted: Draft = draftNarrative(form, options);

  const reading: AmountReading = parseAmount('1.35亿元', '元');
  const unreadable: AmountReading = parseAmount('8 670,53');
  const list: TemplateSummary[] = templates();
  const gd: Template = template(list[0].id);

  return {
    version: version(),
    score: report.score,
    grade: report.grade,
    errors: errorsOf(report.issues),
    natureVerdict,
    afterFix,
    afterActual,
    keptText,
    amount: reading.value ?? undefined,
    unreadableAmount: unreadable.error?.code,
    templateIds: [gd.id, ...list.slice(1).map((t) => t.id)],
    misuse,
    shapeError,
    narrative: {
      codes: checked.issues.map((issue) => issue.code),
      wrong: span ? text.slice(span.start, span.end) : undefined,
      drafted: drafted.budget ?? undefined,
    },
  };
}
