//! Where in a JSON document something is, written the way load errors show it:
//! `indicators[0].children[2].weight`, `budget.bySource.generalPublic`.

/// A path built on the stack while a tree is walked, rendered only when an error needs it.
#[derive(Clone, Copy)]
pub struct JsonPath<'p> {
    parent: Option<&'p JsonPath<'p>>,
    segment: Segment<'p>,
}

#[derive(Clone, Copy)]
enum Segment<'p> {
    Top,
    Key(&'p str),
    Index(usize),
}

/// A segment that outlives the text it came from (a reader error on its way up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnedSegment {
    Key(String),
    Index(usize),
}

impl JsonPath<'static> {
    /// The document itself (renders as "").
    pub const TOP: JsonPath<'static> = JsonPath {
        parent: None,
        segment: Segment::Top,
    };

    /// A path that starts at a named field (`indicators`, or `template.indicators` for a
    /// template's rows).
    pub const fn root(key: &'static str) -> JsonPath<'static> {
        JsonPath {
            parent: None,
            segment: Segment::Key(key),
        }
    }
}

impl<'p> JsonPath<'p> {
    pub fn key(&'p self, key: &'p str) -> JsonPath<'p> {
        JsonPath {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    pub fn index(&'p self, i: usize) -> JsonPath<'p> {
        JsonPath {
            parent: Some(self),
            segment: Segment::Index(i),
        }
    }

    pub fn is_top(&self) -> bool {
        matches!(self.segment, Segment::Top)
    }

    pub fn render(&self) -> String {
        let mut segments = Vec::new();
        let mut cursor = Some(self);
        while let Some(at) = cursor {
            match at.segment {
                Segment::Top => {}
                Segment::Key(k) => segments.push(Piece::Key(k)),
                Segment::Index(i) => segments.push(Piece::Index(i)),
            }
            cursor = at.parent;
        }
        render(segments.into_iter().rev())
    }

    /// The path of a field of this object.
    pub fn field(&self, name: &str) -> String {
        let mut out = self.render();
        push(&mut out, Piece::Key(name));
        out
    }
}

enum Piece<'s> {
    Key(&'s str),
    Index(usize),
}

fn push(out: &mut String, piece: Piece<'_>) {
    match piece {
        Piece::Key(k) => {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(k);
        }
        Piece::Index(i) => {
            out.push('[');
            out.push_str(&i.to_string());
            out.push(']');
        }
    }
}

fn render<'s>(pieces: impl Iterator<Item = Piece<'s>>) -> String {
    let mut out = String::new();
    for piece in pieces {
        push(&mut out, piece);
    }
    out
}

/// Outermost first.
pub fn render_owned<'s>(segments: impl Iterator<Item = &'s OwnedSegment>) -> String {
    render(segments.map(|s| match s {
        OwnedSegment::Key(k) => Piece::Key(k),
        OwnedSegment::Index(i) => Piece::Index(*i),
    }))
}
