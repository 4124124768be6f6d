//! What calamine does not say of an .xlsx's sheets. Its hidden rows: a row a reviewer cannot see on
//! screen or in print is still read (Excel's sums count it, and the weights add up to 100 only with
//! it), but a finding in it should say so. Its formulas saved without a value (a workbook written
//! by a script and never opened in Excel or WPS): calamine reads such a cell as blank, so a 自评得分
//! of `=SUM(H19:H37)` would vanish with no finding; it reads as its formula instead, which the
//! engine reports as unreadable in that cell. Best effort: a part that cannot be read hides nothing.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::workbook::MAX_UNPACKED;

/// What one sheet's XML says that calamine does not.
#[derive(Default)]
pub struct Unsaid {
    /// Hidden rows, from 0.
    pub hidden_rows: Vec<u32>,
    /// Hidden columns, from 0 (`<col min="7" max="7" hidden="1"/>`), up to the last a sheet may
    /// use.
    pub hidden_columns: Vec<u32>,
    /// Cells (row, column, from 0) holding a formula and no value, with the formula as `=…`.
    pub formulas_without_value: Vec<(u32, u32, String)>,
}

/// Sheet name → what its XML says that calamine does not, for the sheets that say anything.
pub fn unsaid(bytes: &[u8]) -> HashMap<String, Unsaid> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut part = |name: &str| -> Option<Vec<u8>> {
        let mut entry = zip.by_name(name).ok()?;
        let mut data = Vec::new();
        (&mut entry).take(MAX_UNPACKED).read_to_end(&mut data).ok()?;
        Some(data)
    };
    let (Some(book), Some(rels)) = (part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels")) else {
        return out;
    };
    let mut targets = HashMap::new();
    each_element(&rels, |e| {
        if e.local_name().as_ref() == "Relationship" {
            if let (Some(id), Some(target)) = (attribute(e, "Id"), attribute(e, "Target")) {
                targets.insert(id, target);
            }
        }
    });
    let mut sheets = Vec::new();
    each_element(&book, |e| {
        if e.local_name().as_ref() == "sheet" {
            let id = e
                .attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == "id")
                .map(|a| a.value.into_owned());
            if let (Some(name), Some(id)) = (attribute(e, "name"), id) {
                sheets.push((name, id));
            }
        }
    });
    for (name, id) in sheets {
        let Some(target) = targets.get(&id) else { continue };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = part(&path) else { continue };
        let found = read_sheet(&xml);
        if !found.hidden_rows.is_empty() || !found.hidden_columns.is_empty() || !found.formulas_without_value.is_empty()
        {
            out.insert(name, found);
        }
    }
    out
}

/// One pass over a sheet's XML: its hidden rows and columns, and each cell (`<c r="H38">`) with an
/// `<f>` and no `<v>`, or an empty one (`<v></v>`, as openpyxl writes) where the result is not text:
/// Excel writes an empty `<v>` only for a formula whose result is the empty text (`t="str"`).
fn read_sheet(xml: &[u8]) -> Unsaid {
    let mut found = Unsaid::default();
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    // the cell being read: where it is, its formula's text, whether a value was seen
    let mut cell: Option<((u32, u32), Option<String>, bool)> = None;
    let mut in_formula = false;
    let mut in_value = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "row" => hidden_row(&e, &mut found.hidden_rows),
                "c" => {
                    // a formula whose result is text (`t="str"`) has it even when empty
                    let text = attribute(&e, "t").is_some_and(|t| t == "str");
                    cell = attribute(&e, "r").and_then(|r| position(&r)).map(|at| (at, None, text))
                }
                "f" => {
                    in_formula = true;
                    if let Some((_, formula, _)) = &mut cell {
                        formula.get_or_insert_with(String::new);
                    }
                }
                "v" => in_value = true,
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "row" => hidden_row(&e, &mut found.hidden_rows),
                "col" => hidden_columns(&e, &mut found.hidden_columns),
                // a shared formula's other cells: `<f t="shared" si="0"/>`
                "f" => {
                    if let Some((_, formula, _)) = &mut cell {
                        formula.get_or_insert_with(String::new);
                    }
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_value && !t.is_empty() => {
                if let Some((_, _, value)) = &mut cell {
                    *value = true;
                }
            }
            Ok(Event::Text(t)) if in_formula => {
                if let Some((_, Some(formula), _)) = &mut cell {
                    formula.push_str(&t);
                }
            }
            // `&amp;` and `&#38;` come apart from the text around them
            Ok(Event::GeneralRef(r)) if in_formula => {
                let c = match &*r.clone().into_inner() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let (Some((_, Some(formula), _)), Some(c)) = (&mut cell, c) {
                    formula.push(c);
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "f" => in_formula = false,
                "v" => in_value = false,
                "c" => {
                    if let Some((at, Some(formula), false)) = cell.take() {
                        found
                            .formulas_without_value
                            .push((at.0, at.1, ["=", &formula].concat()));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    found
}

fn is_hidden(e: &BytesStart<'_>) -> bool {
    attribute(e, "hidden").is_some_and(|h| h == "1" || h == "true")
}

fn hidden_columns(e: &BytesStart<'_>, hidden: &mut Vec<u32>) {
    let number = |name| attribute(e, name).and_then(|n| n.parse::<u32>().ok());
    if let (true, Some(min), Some(max)) = (is_hidden(e), number("min"), number("max")) {
        // a range may run to column 16,384; the reader reads no further than MAX_COLS
        hidden.extend((min.max(1) - 1)..max.min(super::workbook::MAX_COLS));
    }
}

fn hidden_row(e: &BytesStart<'_>, hidden: &mut Vec<u32>) {
    if let Some(r) = attribute(e, "r")
        .and_then(|r| r.parse::<u32>().ok())
        .filter(|_| is_hidden(e))
    {
        hidden.push(r.saturating_sub(1));
    }
}

/// `H38` → (37, 7).
fn position(reference: &str) -> Option<(u32, u32)> {
    let letters = reference.bytes().take_while(u8::is_ascii_uppercase).count();
    let (col, row) = reference.split_at_checked(letters)?;
    let col = col
        .bytes()
        .try_fold(0u32, |n, b| n.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1))?;
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// Calls `f` with every start or empty element of `xml`, until its end or its first error.
fn each_element(xml: &[u8], mut f: impl FnMut(&BytesStart<'_>)) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => f(&e),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(position("H38"), Some((37, 7)));
        assert_eq!(position("A1"), Some((0, 0)));
        assert_eq!(position("AA10"), Some((9, 26)));
        for bad in ["", "A", "1", "A0", "a1", "H3x"] {
            assert_eq!(position(bad), None, "{bad}");
        }
    }

    #[test]
    fn hidden_rows_and_columns_and_formulas_without_a_value() {
        let xml = br#"<worksheet><cols><col min="1" max="2" width="9"/><col min="7" max="8" hidden="1"/><col min="99" max="16384" hidden="true"/></cols><sheetData><row r="2" hidden="1"><c r="B2"><f>SUM(A1:A2)</f><v>3</v></c><c r="C2" s="1"><f>A1&amp;"x"</f></c><c r="D2"><f t="shared" si="0"/></c><c r="E2"><v>5</v></c><c r="F2"><f>SUM(A1)</f><v></v></c><c r="G2" t="str"><f>IF(A1="","",A1)</f><v></v></c><c r="H2"><f>A1</f><v/></c></row></sheetData></worksheet>"#;
        let found = read_sheet(xml);
        assert_eq!(found.hidden_rows, [1]);
        assert_eq!(found.hidden_columns, [6, 7, 98, 99]);
        assert_eq!(
            found.formulas_without_value,
            [
                (1, 2, "=A1&\"x\"".to_string()),
                (1, 3, "=".to_string()),
                // an empty value, as openpyxl writes it; an empty text result is a value
                (1, 5, "=SUM(A1)".to_string()),
                (1, 7, "=A1".to_string()),
            ]
        );
    }
}
