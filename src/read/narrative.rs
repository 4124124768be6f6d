//! Reading a 自评表说明 as people have it: typed, pasted from Word, or copied out of a PDF
//! (domain.md §8).
//!
//! PDF text breaks lines inside sentences and numbers (`1781.86 万\n元`) and puts spaces between
//! digits and 汉字 (`2024 年度`), so the text is first cleaned: line breaks and spaces go,
//! full-width digits and signs are folded (`９６．１％` → `96.1%`), and every cleaned character
//! remembers where it was in the original, so that a figure found in the clean text is a span of
//! the text the user typed. Then every figure with a unit is read: money, a percentage, a count or
//! points, with the hedges (约, 超, 余 …) that make it approximate.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::finding::Span;
use crate::read::number::{parse_decimal, MoneyUnit, NumberError};

/// What a figure measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Money(MoneyUnit),
    Percent,
    /// A count and its unit (`件`, `人次`), scaled by 万/亿 when written so (`10万人次`).
    Count(&'static str),
    /// Points: `96.61 分`.
    Points,
}

/// A number in the text with its unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub value: Decimal,
    /// Decimal places as written (`96.10%` → 2): the precision a stated figure is checked at.
    pub decimals: u32,
    pub measure: Measure,
    /// Written as approximate: never wrong, never checked.
    pub hedged: bool,
    /// The number through its unit, in clean characters.
    pub at: Range<usize>,
    /// The sentence it is in (an index into [`Narrative::sentences`]).
    pub sentence: usize,
    /// Where its clause starts (after the last `，` `：` or sentence end) and its item starts
    /// (the same, and after `、`), in clean characters.
    pub clause: usize,
    pub item: usize,
    /// Written in parentheses: an aside (`（结算金额 68.00 万元）`), not an item of a list.
    pub aside: bool,
}

/// A number with a unit that cannot be read exactly (`8670,53万元`, a thousand digits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub error: NumberError,
    pub at: Range<usize>,
}

/// A text as read: clean characters, their place in the original, sentences and figures.
#[derive(Debug, Default)]
pub struct Narrative {
    pub chars: Vec<char>,
    /// For each clean character, its offset in the original in UTF-16 code units.
    origin: Vec<u32>,
    /// Where each line of the original starts, in UTF-16 code units.
    line_starts: Vec<u32>,
    pub sentences: Vec<Range<usize>>,
    pub figures: Vec<Figure>,
    pub unreadable: Vec<Unreadable>,
    /// The years written (`2023年`): where their 年 is, and the year, in the order of the text.
    pub years: Vec<(usize, u32)>,
    /// The rows of budget tables pasted into the text, in the order of the text.
    pub pasted: Vec<PastedRow>,
}

/// A row of a budget table pasted into the text (`基本支出⇥3,100.00⇥3,042.30⇥98.14%` under a header
/// of 预算数, 执行数 and 执行率): its name's characters and its figures, by their index in
/// [`Narrative::figures`]. Amounts without a unit are figures when the header or the line above
/// names the table's unit (`单位：万元`, `预算数（万元）`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastedRow {
    pub name: Range<usize>,
    /// Whether it may be a row of the unit's own table: not of a table of 三公经费 or of projects.
    pub own: bool,
    pub planned: Option<usize>,
    pub executed: Option<usize>,
    pub rate: Option<usize>,
}

/// The words of a pasted table's header naming its rate, budget and spending columns, each tried
/// in that order (执行率 names no spending column).
const RATE_HEAD: [&str; 3] = ["执行率", "完成率", "执行进度"];
const PLANNED_HEAD: [&str; 4] = ["预算数", "全年预算", "调整预算", "调整后预算"];
#[rustfmt::skip]
const EXECUTED_HEAD: [&str; 7] = ["执行数", "实际支出", "决算数", "支出数", "执行金额", "累计支出", "决算支出"];
/// A pasted budget table's header, as its rows are read: the columns of the rate, the budget and
/// the spending, the unit, whether its rows may be the unit's own, and where the last row ended.
struct Header {
    columns: [Option<usize>; 3],
    unit: Option<MoneyUnit>,
    own: bool,
    end: usize,
}

/// Words in a pasted table's header that make a column another year's, or the budget as first
/// set rather than as adjusted.
const OTHER_YEARS: [&str; 5] = ["上年", "去年", "下年", "以前年度", "年初"];
/// Words in a pasted table's header or above it that make its rows a part's: 三公经费, projects.
const TABLES_OF_A_PART: [&str; 5] = ["三公", "项目名称", "重点项目", "专项", "项目明细"];
/// A pasted table's unit as its header or the line above names it, the longest first.
const TABLE_UNITS: [(&str, MoneyUnit); 3] = [
    ("亿元", MoneyUnit::YiYuan),
    ("万元", MoneyUnit::WanYuan),
    ("元", MoneyUnit::Yuan),
];

/// Words before a number that make it approximate (domain.md §8); 达 and 高达 are emphasis.
#[rustfmt::skip]
const HEDGES_BEFORE: [&str; 17] = [
    "约", "超", "逾", "近", "余", "不到", "不足", "大约", "将近", "接近", "预计", "超过", "高于", "低于", "不少于",
    "不低于", "至少",
];
/// Words after a figure that make it approximate.
const HEDGES_AFTER: [&str; 6] = ["以上", "以内", "以下", "左右", "余", "多"];
/// Words anywhere earlier in the clause that make every figure in it approximate.
const HEDGES_IN_CLAUSE: [&str; 3] = ["预计", "估计", "预估"];

/// Units of counts, longest first where one starts another (人次 before 人).
#[rustfmt::skip]
const COUNT_UNITS: [&str; 50] = [
    "人次", "场次", "户次", "车次", "批次", "架次", "平方米", "公里", "件", "人", "家", "个", "次", "宗", "份", "场",
    "项", "名", "条", "张", "篇", "户", "所", "间", "台", "套", "辆", "座", "处", "起", "例", "批", "期", "册", "位",
    "笔", "单", "吨", "亩", "米", "天", "对", "棵", "株", "盏", "栋", "幢", "部", "只", "头",
];

/// Words after a number that make it no count at all (`2.5 个百分点`, `3分钟`, `3 分之一`).
const NOT_UNITS: [&str; 4] = ["个百分点", "分钟", "分之", "分别"];

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n')
}

/// `；` ends a clause, not the sentence: a list's items (`其中：基本支出 A，占 x%；项目支出 B，占 y%`)
/// are often separated by it.
fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | ',' | '：' | ':' | '；' | ';' | '（' | '）' | '(' | ')')
}

/// How far the closing bracket of a note read as part of the words around it may come after the
/// opening one (`（截至12月31日）`: 9).
const SHORT_NOTE: usize = 16;

/// Words that join the items of a list as `、` does, when they follow an amount.
const ITEM_JOINS: [&str; 4] = ["和", "及", "与", "以及"];

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{feff}' | '\u{00ad}') || c.is_control()
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r')
}

/// Full-width digits, letters and signs as ASCII; traditional 萬 and 億 as 万 and 亿. Chinese
/// punctuation stays: `，` ends a clause, where `,` may group thousands.
fn fold(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' | '％' | '＋' | '－' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '﹪' => '%',
        '萬' => '万',
        '億' => '亿',
        _ => c,
    }
}

/// `2、` `3.` `(4)` `（5）` at the start of a line: a list item, not the tail of a number.
fn starts_item(rest: &[char]) -> bool {
    let digits = rest.iter().take_while(|c| fold(**c).is_ascii_digit()).count();
    let next = rest.get(digits).copied().map(fold);
    let after = rest.get(digits + 1).copied().map(fold);
    match next {
        Some('、' | ')' | '）') => digits > 0,
        Some('.') => digits > 0 && !after.is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// `一、` `十二、` `（三）` `(四)` at the start of a line: a heading. Its line is a sentence of its
/// own: joined to the line after it, its words would be that sentence's (`二、预算执行情况全年预算数…`).
pub fn starts_heading(rest: &[char]) -> bool {
    const NUMERALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    let open = rest.first().is_some_and(|c| matches!(c, '（' | '('));
    let body = rest.get(usize::from(open)..).unwrap_or(&[]);
    let numerals = body.iter().take_while(|c| NUMERALS.contains(c)).count();
    match body.get(numerals) {
        Some('、') => numerals > 0 && !open,
        Some('）' | ')') => numerals > 0 && open,
        _ => false,
    }
}

impl Narrative {
    pub fn read(text: &str) -> Narrative {
        let mut n = Narrative {
            line_starts: vec![0],
            ..Narrative::default()
        };
        let rows = n.clean(text);
        n.find_figures();
        n.read_pasted(&rows);
        n
    }

    /// Reads `text` into clean characters; returns each row of a table pasted into it (its cells
    /// tab-separated) as each cell's clean characters, empty cells included.
    fn clean(&mut self, text: &str) -> Vec<Vec<Range<usize>>> {
        let mut rows = Vec::new();
        let source: Vec<char> = text.chars().collect();
        let mut offset: u32 = 0;
        // a space kept only between two ASCII letters (`Word 2016`); everywhere else it is layout
        let mut space_pending = false;
        let at_line = |i: usize| {
            let rest = source.get(i..).unwrap_or(&[]);
            let first = rest.iter().position(|c| !is_space(*c)).unwrap_or(rest.len());
            rest.get(first..).unwrap_or(&[])
        };
        // a row of a table pasted from Word or Excel, its cells tab-separated: a sentence of its
        // own (joined to the paragraph after it, its words, 项目 or 一般公共预算财政拨款, would be
        // that paragraph's)
        let row = |i: usize| {
            source
                .get(i..)
                .unwrap_or(&[])
                .iter()
                .take_while(|c| !is_line_break(**c))
                .any(|c| *c == '\t')
        };
        let mut own_line = starts_heading(at_line(0)) || row(0);
        // the cells of the table row being read, and where its cell began
        let mut cells: Option<(Vec<Range<usize>>, usize)> = row(0).then(|| (Vec::new(), 0));
        for (i, &c) in source.iter().enumerate() {
            let at = offset;
            offset = offset.saturating_add(c.len_utf16() as u32);
            if is_line_break(c) {
                if let Some((mut row_cells, start)) = cells.take() {
                    row_cells.push(start..self.chars.len());
                    rows.push(row_cells);
                }
                if row(i + 1) {
                    cells = Some((Vec::new(), self.chars.len()));
                }
                let crlf = c == '\r' && source.get(i + 1) == Some(&'\n');
                if !crlf {
                    self.line_starts.push(offset);
                }
                // a number at the end of a line and a list item at the start of the next must not
                // become one number; a heading's line, and a table row's, is a sentence of its own
                let last_digit = self.chars.last().is_some_and(char::is_ascii_digit);
                let next = at_line(i + 1);
                let next_own = starts_heading(next) || row(i + 1);
                let ended = self.chars.last().is_none_or(|c| is_sentence_end(*c));
                if !ended && (own_line || next_own || (last_digit && starts_item(next))) {
                    self.push('\n', at);
                }
                own_line = next_own;
                continue;
            }
            if c == '\t' {
                if let Some((row_cells, start)) = &mut cells {
                    row_cells.push(*start..self.chars.len());
                }
                // a cell of the row ends a clause, so that two cells' numbers never join into one
                if self.chars.last().is_some_and(|c| !is_clause_end(*c)) {
                    self.push('；', at);
                    space_pending = false;
                } else {
                    space_pending = true;
                }
                if let Some((_, start)) = &mut cells {
                    *start = self.chars.len();
                }
                continue;
            }
            if is_space(c) {
                space_pending = true;
                continue;
            }
            let c = fold(c);
            if space_pending && c.is_ascii_alphabetic() && self.chars.last().is_some_and(char::is_ascii_alphabetic) {
                self.push(' ', at.saturating_sub(1));
            }
            space_pending = false;
            self.push(c, at);
        }
        if let Some((mut row_cells, start)) = cells {
            row_cells.push(start..self.chars.len());
            rows.push(row_cells);
        }
        self.origin.push(offset);
        rows
    }

    fn push(&mut self, c: char, at: u32) {
        self.chars.push(c);
        self.origin.push(at);
    }

    fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// Whether `word` is written at clean position `at`.
    pub fn has_at(&self, at: usize, word: &str) -> bool {
        (at..).zip(word.chars()).all(|(i, w)| self.get(i) == Some(w))
    }

    /// Whether `word` ends just before clean position `at`.
    pub fn ends_at(&self, at: usize, word: &str) -> bool {
        let len = word.chars().count();
        at >= len && self.has_at(at - len, word)
    }

    /// The first position of `word` in `range`, if any.
    pub fn find(&self, range: Range<usize>, word: &str) -> Option<usize> {
        let first = word.chars().next()?;
        let end = range.end.min(self.chars.len());
        (range.start..end).find(|&i| self.get(i) == Some(first) && self.has_at(i, word))
    }

    pub fn contains(&self, range: Range<usize>, word: &str) -> bool {
        self.find(range, word).is_some()
    }

    pub fn text(&self, range: Range<usize>) -> String {
        self.chars.get(range).map(|s| s.iter().collect()).unwrap_or_default()
    }

    /// [`text`](Self::text), with a full-width comma between two digits, which groups their
    /// thousands (`12，456.78`), as the ASCII comma the folded digits beside it call for.
    pub fn figure_text(&self, range: Range<usize>) -> String {
        let digit = |i: usize| self.get(i).is_some_and(|c| c.is_ascii_digit());
        range
            .clone()
            .filter_map(|i| {
                let c = self.get(i)?;
                Some(if c == '，' && i > range.start && digit(i - 1) && digit(i + 1) {
                    ','
                } else {
                    c
                })
            })
            .collect()
    }

    /// Where the clean span `range` is in the original text.
    pub fn place(&self, range: Range<usize>) -> Span {
        let start = self.origin.get(range.start).copied().unwrap_or(0);
        // the end of the last character, not the start of the next: layout after it is not in it
        let end = match range.end.checked_sub(1) {
            Some(last) if last >= range.start => {
                let width = self.get(last).map_or(1, char::len_utf16) as u32;
                self.origin.get(last).map_or(start, |o| o.saturating_add(width))
            }
            _ => start,
        };
        let line = self.line_starts.partition_point(|s| *s <= start);
        let line_start = self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        Span {
            start,
            end,
            line: line as u32,
            column: start.saturating_sub(line_start) + 1,
        }
    }

    fn find_figures(&mut self) {
        let mut sentence_start = 0;
        let mut clause = 0;
        // where the clause started before a colon: a label and its figure either side of one
        // (`执行率：96.10%`) are one clause
        let mut labelled = 0;
        let mut item = 0;
        let mut depth = 0u32;
        // the last bracket opened, and the clause and item it broke
        let mut opened = None;
        let mut i = 0;
        while let Some(c) = self.get(i) {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            let note = match c {
                '（' | '(' => {
                    opened = Some((i, clause, labelled, item, self.figures.len()));
                    None
                }
                '）' | ')' => opened.take(),
                _ => None,
            };
            if is_sentence_end(c) {
                depth = 0;
            }
            if is_sentence_end(c) {
                self.sentences.push(sentence_start..i + 1);
                sentence_start = i + 1;
            }
            if is_clause_end(c) {
                labelled = if matches!(c, '：' | ':') { clause } else { i + 1 };
                clause = i + 1;
            }
            if is_clause_end(c) || c == '、' {
                item = i + 1;
            }
            // a short note in brackets without a figure or a clause of its own is part of the words
            // around it (`科学技术支出（类）预算数`, `本年支出合计（决算数）`)
            if let Some((open, before, before_label, before_item, figures)) = note {
                if i - open <= SHORT_NOTE
                    && figures == self.figures.len()
                    && (open + 1..i).all(|j| self.get(j).is_some_and(|c| !is_clause_end(c)))
                {
                    (clause, labelled, item) = (before, before_label, before_item);
                }
            }
            if c == '百' && self.has_at(i, "百分之") {
                if let Some(end) = self.read_chinese_percent(i, [self.sentences.len(), clause, item], depth > 0) {
                    i = end;
                    continue;
                }
            }
            let after_word = i > 0 && self.get(i - 1).is_some_and(|p| p.is_ascii_alphanumeric() || p == '.');
            if !c.is_ascii_digit() || after_word {
                i += 1;
                continue;
            }
            let right_after = (clause..i).all(|j| self.get(j).is_some_and(is_space));
            let clause = if right_after { labelled } else { clause };
            let figures = self.figures.len();
            let end = self.read_figure(i, [self.sentences.len(), clause, item], depth > 0);
            // 和 or 及 right after an amount starts the next item, as 、 does (`基本支出 A 万元和项目支出
            // B 万元`); before a figure, it joins names of one item (`人员经费和公用经费共 A 万元`)
            if self.figures.len() > figures {
                if let Some(word) = ITEM_JOINS.iter().find(|w| self.has_at(end, w)) {
                    item = end + word.chars().count();
                }
            }
            i = end.max(i + 1);
        }
        if sentence_start < self.chars.len() {
            self.sentences.push(sentence_start..self.chars.len());
        }
    }

    /// The budget tables pasted into the text: a row whose cells name a budget and a spending
    /// column (or a rate) is a header, and the rows right under it are its rows. A cell of a money
    /// column that is a bare amount becomes a figure in the table's unit, when one is named; a bare
    /// number under a rate is a percentage.
    fn read_pasted(&mut self, rows: &[Vec<Range<usize>>]) {
        let mut found = Vec::new();
        let mut pasted = Vec::new();
        let mut header: Option<Header> = None;
        for cells in rows {
            let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
                continue;
            };
            // a column of another year (上年执行数) or of the budget as first set (年初预算数) is
            // none of these
            let column = |words: &[&str]| {
                cells.iter().position(|c| {
                    words.iter().any(|w| self.contains(c.clone(), w))
                        && !OTHER_YEARS.iter().any(|w| self.contains(c.clone(), w))
                })
            };
            let rate = column(&RATE_HEAD);
            let planned = column(&PLANNED_HEAD).filter(|c| Some(*c) != rate);
            let executed = column(&EXECUTED_HEAD).filter(|c| Some(*c) != rate && Some(*c) != planned);
            if planned.is_some() && (executed.is_some() || rate.is_some()) {
                // 单位：万元 above the table, or 预算数（万元） in its header
                let named = first.start.saturating_sub(80)..last.end;
                let unit = TABLE_UNITS
                    .iter()
                    .find(|(w, _)| self.contains(named.clone(), w))
                    .map(|(_, u)| *u);
                // a table of 三公经费 or of projects: its 合计 is not the unit's
                let own = !TABLES_OF_A_PART.iter().any(|w| self.contains(named.clone(), w));
                header = Some(Header {
                    columns: [rate, planned, executed],
                    unit,
                    own,
                    end: last.end,
                });
                continue;
            }
            // a row right under the header, or under the row before
            let Some(Header {
                columns,
                unit,
                own,
                end,
            }) = &mut header
            else {
                continue;
            };
            if self
                .chars
                .get(*end..first.start)
                .is_none_or(|between| between.iter().any(|c| !is_sentence_end(*c)))
            {
                header = None;
                continue;
            }
            *end = last.end;
            let money = unit.map(Measure::Money);
            // the cells in the order of the text, so that the figures found stay in that order
            let mut figures = [None; 3];
            for (c, cell) in cells.iter().enumerate() {
                let Some(k) = columns.iter().position(|col| *col == Some(c)) else {
                    continue;
                };
                let measure = if k == 0 { Some(Measure::Percent) } else { money };
                if let Some(slot) = figures.get_mut(k) {
                    *slot = self.cell_figure(cell.clone(), measure, &mut found);
                }
            }
            // its name: the cells before its figures (a 序号, or 按资金来源 before 一般公共预算)
            let before = columns.iter().flatten().min().and_then(|c| c.checked_sub(1));
            let name_end = before.and_then(|c| cells.get(c)).map_or(first.end, |c| c.end);
            pasted.push((first.start..name_end, *own, figures));
        }
        // the figures of cells, where they are in the text, among the others
        let mut merged = Vec::with_capacity(self.figures.len() + found.len());
        let mut found = found.into_iter().peekable();
        for f in std::mem::take(&mut self.figures) {
            while let Some(cell) = found.next_if(|c| c.at.start < f.at.start) {
                merged.push(cell);
            }
            merged.push(f);
        }
        merged.extend(found);
        self.figures = merged;
        self.pasted = pasted
            .into_iter()
            .map(|(name, own, figures)| {
                let [rate, planned, executed] = figures.map(|at| at.and_then(|at| self.figure_at(at)));
                PastedRow {
                    name,
                    own,
                    planned,
                    executed,
                    rate,
                }
            })
            .collect();
    }

    /// The index of the figure that starts at `at` (figures are in the order of the text).
    fn figure_at(&self, at: usize) -> Option<usize> {
        let i = self.figures.partition_point(|f| f.at.start < at);
        self.figures.get(i).filter(|f| f.at.start == at).map(|_| i)
    }

    /// The figure a cell holds, by where it starts: one read with its own unit, or a bare number
    /// (`3,042.30`) as a figure of `measure` when there is one, added to `found`. `None` for
    /// anything else.
    fn cell_figure(&self, cell: Range<usize>, measure: Option<Measure>, found: &mut Vec<Figure>) -> Option<usize> {
        let start = (cell.start..cell.end).find(|&i| self.get(i).is_some_and(|c| !is_clause_end(c)))?;
        if let Some(f) = self.figure_at(start).and_then(|i| self.figures.get(i)) {
            return (f.at.end <= cell.end).then_some(start);
        }
        let end = (start..cell.end)
            .rev()
            .find(|&i| self.get(i).is_some_and(|c| !is_clause_end(c)))?
            + 1;
        // a full-width comma groups thousands in a cell as it may in a sentence (`8，670.53`)
        let text = self.text(start..end).replace('，', ",");
        if !text.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') {
            return None;
        }
        let measure = measure?;
        let (value, decimals) = parse_decimal(&text).ok()?;
        let sentence = self.sentences.partition_point(|s| s.end <= start);
        found.push(Figure {
            value,
            decimals,
            measure,
            hedged: false,
            at: start..end,
            sentence,
            clause: start,
            item: start,
            aside: false,
        });
        Some(start)
    }

    /// `百分之九十五点八` (95.8%), `百分之百`, `百分之一百零五`: a rate in Chinese numerals at
    /// `start`, read as the figure `95.8%` would be (hedges included); where it ends, or `None`
    /// when no numeral follows 百分之.
    fn read_chinese_percent(
        &mut self,
        start: usize,
        [sentence, clause, item]: [usize; 3],
        aside: bool,
    ) -> Option<usize> {
        let digit = |c: char| {
            "零一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .or((c == '两').then_some(2))
                .or((c == '〇').then_some(0))
        };
        let mut i = start + 3;
        // the whole part: 百, 十 and the digits before them (九十五, 一百零五, 十二, 百)
        let (mut whole, mut pending, mut any) = (0u64, None::<u64>, false);
        while let Some(c) = self.get(i) {
            match (c, digit(c)) {
                ('百', _) => whole += 100 * pending.take().unwrap_or(1),
                ('十', _) => whole += 10 * pending.take().unwrap_or(1),
                (_, Some(d)) if pending.is_none() => pending = (d > 0).then_some(d as u64),
                // two digits in a row (九五) are no numeral of a rate
                (_, Some(_)) => return None,
                _ => break,
            }
            any = true;
            i += 1;
        }
        if !any {
            return None;
        }
        whole += pending.unwrap_or(0);
        // the decimals after 点, a digit each
        let mut decimals = 0u32;
        let mut mantissa = whole;
        if self.get(i) == Some('点') && self.get(i + 1).and_then(digit).is_some() {
            i += 1;
            while let Some(d) = self.get(i).and_then(digit).filter(|_| decimals < 6) {
                mantissa = mantissa * 10 + d as u64;
                decimals += 1;
                i += 1;
            }
        }
        let hedged = self.hedged(start..i, clause);
        self.figures.push(Figure {
            value: Decimal::new(i64::try_from(mantissa).ok()?, decimals),
            decimals,
            measure: Measure::Percent,
            hedged,
            at: start..i,
            sentence,
            clause,
            item,
            aside,
        });
        Some(i)
    }

    /// Whether the figure at `at` is written as approximate: a hedge right before or after it, or
    /// one earlier in its clause (at most 40 characters back).
    fn hedged(&self, at: Range<usize>, clause: usize) -> bool {
        let window = clause.max(at.start.saturating_sub(40))..at.start;
        HEDGES_BEFORE.iter().any(|h| self.ends_at(at.start, h))
            || HEDGES_AFTER.iter().any(|h| self.has_at(at.end, h))
            || HEDGES_IN_CLAUSE.iter().any(|h| self.contains(window.clone(), h))
    }

    /// Reads the number starting at `start` and its unit; returns where reading stopped.
    fn read_figure(&mut self, start: usize, [sentence, clause, item]: [usize; 3], aside: bool) -> usize {
        let (number, mut end) = self.number_at(start);
        let unit_at = end;
        let mut hedged = false;
        let Some((measure, scale, unit_end)) = self.unit_at(unit_at, &mut hedged) else {
            if let (4, Some('年'), Ok(year)) = (number.len(), self.get(unit_at), number.parse()) {
                self.years.push((unit_at, year));
            }
            return end;
        };
        end = unit_end;
        hedged |= self.hedged(start..end, clause);
        let parsed = parse_decimal(&number).and_then(|(value, decimals)| {
            let value = match scale {
                0 => value,
                s => crate::decimal::mul(value, Decimal::from(10u64.pow(s))).ok_or(NumberError::TooLarge)?,
            };
            Ok((value, decimals.saturating_sub(scale)))
        });
        match parsed {
            Ok((value, decimals)) => self.figures.push(Figure {
                value,
                decimals,
                measure,
                hedged,
                at: start..end,
                sentence,
                clause,
                item,
                aside,
            }),
            Err(error) => self.unreadable.push(Unreadable { error, at: start..end }),
        }
        end
    }

    /// The digits of the number at `start` as ASCII (`9,022.41`), and where it ends. A `，`
    /// between digit groups groups thousands only where grouping is right (`9，022.41`); elsewhere
    /// it ends the clause. A `,` that does not group thousands is kept, for the number to be
    /// refused as ambiguous (`8670,53`).
    fn number_at(&self, start: usize) -> (String, usize) {
        let mut text = String::new();
        let mut i = start;
        let mut group = 0;
        let mut first_group = true;
        let mut in_fraction = false;
        while let Some(c) = self.get(i) {
            let next_is_digit = self.get(i + 1).is_some_and(|n| n.is_ascii_digit());
            if c.is_ascii_digit() {
                text.push(c);
                group += 1;
            } else if c == '.' && !in_fraction && next_is_digit {
                text.push('.');
                in_fraction = true;
            } else if (c == ',' || c == '，') && !in_fraction && next_is_digit {
                let three = (1..=3).all(|k| self.get(i + k).is_some_and(|d| d.is_ascii_digit()))
                    && !self.get(i + 4).is_some_and(|d| d.is_ascii_digit());
                let grouping = three && (group <= 3 && (first_group || group == 3));
                if c == '，' && !grouping {
                    break;
                }
                text.push(',');
                first_group = false;
                group = 0;
            } else {
                break;
            }
            i += 1;
        }
        (text, i)
    }

    /// The unit at `at`: what it measures, the power of ten a 万 or 亿 scales a count by, and
    /// where it ends. `None` for a bare number, a year or a date.
    fn unit_at(&self, at: usize, hedged: &mut bool) -> Option<(Measure, u32, usize)> {
        let mut i = at;
        if self.get(i) == Some('%') {
            return Some((Measure::Percent, 0, i + 1));
        }
        if self.has_at(i, "余") || self.has_at(i, "多") {
            *hedged = true;
            i += 1;
        }
        let scale = match self.get(i) {
            Some('万') => 4,
            Some('亿') => 8,
            _ => 0,
        };
        let unit = i + usize::from(scale > 0);
        if self.get(unit) == Some('元') {
            let money = match scale {
                4 => MoneyUnit::WanYuan,
                8 => MoneyUnit::YiYuan,
                _ => MoneyUnit::Yuan,
            };
            return Some((Measure::Money(money), 0, unit + 1));
        }
        if NOT_UNITS.iter().any(|w| self.has_at(unit, w)) {
            return None;
        }
        if let Some(u) = COUNT_UNITS.iter().find(|u| self.has_at(unit, u)) {
            return Some((Measure::Count(u), scale, unit + u.chars().count()));
        }
        if scale == 0 && self.get(unit) == Some('分') {
            return Some((Measure::Points, 0, unit + 1));
        }
        // `万` alone before punctuation is 万元 (`8670.53万，其中…`)
        let alone = self.get(unit).is_none_or(|c| is_clause_end(c) || c == '、');
        match scale {
            4 if alone => Some((Measure::Money(MoneyUnit::WanYuan), 0, unit)),
            8 if alone => Some((Measure::Money(MoneyUnit::YiYuan), 0, unit)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn figures(text: &str) -> Vec<(Decimal, u32, Measure, bool)> {
        Narrative::read(text)
            .figures
            .into_iter()
            .map(|f| (f.value, f.decimals, f.measure, f.hedged))
            .collect()
    }

    #[test]
    fn reads_pdf_breaks_spaces_and_full_width() {
        let money = Measure::Money(MoneyUnit::WanYuan);
        assert_eq!(
            figures("执行数 8,670.5\n3 万\n元"),
            vec![(d("8670.53"), 2, money, false)]
        );
        assert_eq!(
            figures("完成预算的 ９６．１％。"),
            vec![(d("96.1"), 1, Measure::Percent, false)]
        );
        assert_eq!(figures("９，０２２．４１万元"), vec![(d("9022.41"), 2, money, false)]);
        assert_eq!(
            figures("2024 年度，得分\n\n为 96.61 分"),
            vec![(d("96.61"), 2, Measure::Points, false)]
        );
        assert_eq!(
            figures("6337件，5764件"),
            vec![
                (d("6337"), 0, Measure::Count("件"), false),
                (d("5764"), 0, Measure::Count("件"), false)
            ]
        );
    }

    #[test]
    fn reads_hedges_and_scaled_counts() {
        assert_eq!(
            figures("约 1400 余人次"),
            vec![(d("1400"), 0, Measure::Count("人次"), true)]
        );
        assert_eq!(
            figures("吸引超 10 万人次参与"),
            vec![(d("100000"), 0, Measure::Count("人次"), true)]
        );
        assert_eq!(
            figures("全年预计完成投资 1.35 亿元"),
            vec![(d("1.35"), 2, Measure::Money(MoneyUnit::YiYuan), true)]
        );
        assert_eq!(
            figures("按时完成率高达100%"),
            vec![(d("100"), 0, Measure::Percent, false)]
        );
        assert!(figures("提高 2.5 个百分点，2024年12月8日，12345热线").is_empty());
    }

    #[test]
    fn a_comma_that_groups_nothing_is_refused_or_ends_the_clause() {
        let n = Narrative::read("执行 8670,53 万元");
        assert!(n.figures.is_empty());
        assert_eq!(
            n.unreadable.first().map(|u| u.error.clone()),
            Some(NumberError::Ambiguous)
        );
        assert_eq!(
            figures("受理6337，576件"),
            vec![(d("576"), 0, Measure::Count("件"), false)]
        );
    }

    #[test]
    fn places_count_utf16_and_lines() {
        let text = "😀第一行\r\n执行数 8,670.53 万元";
        let n = Narrative::read(text);
        let f = n.figures.first().unwrap();
        let place = n.place(f.at.clone());
        let utf16: Vec<u16> = text.encode_utf16().collect();
        let quoted = String::from_utf16(&utf16[place.start as usize..place.end as usize]).unwrap();
        assert_eq!(quoted, "8,670.53 万元");
        assert_eq!((place.line, place.column), (2, 5));
    }

    #[test]
    fn a_list_item_on_the_next_line_is_not_the_tail_of_a_number() {
        let n = Narrative::read("共 12 件\n2、其他 5 件");
        let values: Vec<Decimal> = n.figures.iter().map(|f| f.value).collect();
        assert_eq!(values, vec![d("12"), d("5")]);
        let n = Narrative::read("合计 12\n2、其他");
        assert!(n.figures.is_empty());
    }
}
