//! Where a text contains a word: the only substring searches the engine does.
//!
//! `str::contains` and `match_indices` with a `&str` pattern link core's two-way searcher (2 KB of
//! WebAssembly) for needles of a few bytes: row names against a dozen words, `\u` in JSON text,
//! `.children[` in a path.

/// The byte offsets where `needle` occurs in `haystack`, left to right, not overlapping (none
/// for the empty needle).
pub fn positions<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    // both are UTF-8, so a match of the bytes is a match of the characters
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let mut from = 0;
    std::iter::from_fn(move || {
        let first = *needle.first()?;
        // the first byte alone first: comparing slices at every offset is a call each
        let at =
            (from..hay.len()).find(|&i| hay.get(i) == Some(&first) && hay.get(i..i + needle.len()) == Some(needle))?;
        from = at + needle.len();
        Some(at)
    })
}

/// Whether `needle` occurs in `haystack` (the empty needle occurs everywhere).
pub fn contains(haystack: &str, needle: &str) -> bool {
    needle.is_empty() || positions(haystack, needle).next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: &[&str] = &[
        "",
        "a",
        "ab",
        "aab",
        "aaaa",
        "aa",
        "满意度",
        "群众满意率",
        "\\u",
        "x\\ud800\\u",
        "任务完成率",
        "完成",
        "x.children[1].children[2]",
        ".children[",
    ];

    #[test]
    fn contains_agrees_with_str_contains() {
        for hay in TEXTS {
            for needle in TEXTS {
                assert_eq!(contains(hay, needle), hay.contains(needle), "{hay:?} ∋ {needle:?}");
            }
        }
    }

    #[test]
    fn positions_agree_with_match_indices() {
        for hay in TEXTS {
            for needle in TEXTS.iter().filter(|n| !n.is_empty()) {
                let ours: Vec<usize> = positions(hay, needle).collect();
                let core: Vec<usize> = hay.match_indices(needle).map(|(i, _)| i).collect();
                assert_eq!(ours, core, "{needle:?} in {hay:?}");
            }
        }
    }
}
