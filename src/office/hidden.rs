//! The hidden rows of each sheet of an .xlsx, which calamine does not say: a row a reviewer cannot
//! see on screen or in print is still read (Excel's sums count it, and the weights add up to 100
//! only with it), but a finding in it should say so. Best effort: a part that cannot be read hides
//! nothing.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::workbook::MAX_UNPACKED;

/// Sheet name → its hidden rows (from 0), for the sheets that have any.
pub fn hidden_rows(bytes: &[u8]) -> HashMap<String, Vec<u32>> {
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
        let mut hidden = Vec::new();
        each_element(&xml, |e| {
            if e.local_name().as_ref() == "row" {
                let is_hidden = attribute(e, "hidden").is_some_and(|h| h == "1" || h == "true");
                if let Some(r) = attribute(e, "r")
                    .and_then(|r| r.parse::<u32>().ok())
                    .filter(|_| is_hidden)
                {
                    hidden.push(r.saturating_sub(1));
                }
            }
        });
        if !hidden.is_empty() {
            out.insert(name, hidden);
        }
    }
    out
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
