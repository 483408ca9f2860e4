//! Where a string value sits in the document, and patterns over that.

use std::fmt;

/// One open container, as the rewriter tracks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Frame {
    /// An object whose current key is `keys[start..end]` of the rewriter's
    /// key buffer (all keys on the path share one buffer, so a path costs
    /// no allocation).
    Object { start: usize, end: usize },
    /// An array, at element `index`.
    Array { index: usize },
}

/// One step of a [`Path`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathSegment<'a> {
    /// A member of an object, by its decoded key.
    Key(&'a str),
    /// An element of an array, by position from 0.
    Index(usize),
}

/// The location of a string value: the keys and indices from the top-level
/// value down to it. Empty for a top-level string.
///
/// A borrowed view of the rewriter's own state, so asking costs nothing.
/// Match it with [`matches`](Self::matches) or [`starts_with`](Self::starts_with)
/// and a pattern such as `messages[*].tool_calls[*].function.arguments`:
///
/// - a key is written as it is, after a `.` (none before the first);
///   `*` stands for any key;
/// - an index is written `[3]`; `[*]` stands for any index;
/// - the empty pattern is the top-level value.
///
/// Keys holding `.`, `[` or `*` cannot be spelled in a pattern; compare
/// [`segments`](Self::segments) directly for those. A malformed pattern
/// (`a[x]`, `a[1`) matches nothing.
///
/// `Display` writes the path in the same notation. Keys come from the input,
/// so a path is not for logs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Path<'a> {
    frames: &'a [Frame],
    keys: &'a str,
}

// === impl Path ===

impl<'a> Path<'a> {
    pub(super) fn new(frames: &'a [Frame], keys: &'a str) -> Self {
        Path { frames, keys }
    }

    /// How many segments.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// True for the top-level value.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// The segment at `i` (0 is nearest the top).
    pub fn get(&self, i: usize) -> Option<PathSegment<'a>> {
        self.frames.get(i).map(|frame| self.segment(*frame))
    }

    /// The innermost segment: the key or index of the value itself.
    pub fn last(&self) -> Option<PathSegment<'a>> {
        self.frames.last().map(|frame| self.segment(*frame))
    }

    /// The segments from the top down.
    pub fn segments(&self) -> Segments<'a> {
        Segments {
            frames: self.frames.iter(),
            keys: self.keys,
        }
    }

    /// True if the whole path matches `pattern` (see the type docs).
    pub fn matches(&self, pattern: &str) -> bool {
        self.match_prefix(pattern) == Some(self.len())
    }

    /// True if the path is at or below a location matching `pattern`:
    /// `messages[*].content` is a prefix of `messages[2].content[0].text`.
    pub fn starts_with(&self, pattern: &str) -> bool {
        self.match_prefix(pattern).is_some()
    }

    /// How many leading segments `pattern` matches, if it matches a prefix.
    fn match_prefix(&self, pattern: &str) -> Option<usize> {
        let mut segments = self.segments();
        let mut n = 0;
        for want in Pattern::new(pattern) {
            let got = segments.next()?;
            let ok = match (want?, got) {
                (PatternSegment::AnyKey, PathSegment::Key(_)) => true,
                (PatternSegment::Key(want), PathSegment::Key(got)) => want == got,
                (PatternSegment::AnyIndex, PathSegment::Index(_)) => true,
                (PatternSegment::Index(want), PathSegment::Index(got)) => want == got,
                _ => false,
            };
            if !ok {
                return None;
            }
            n += 1;
        }
        Some(n)
    }

    fn segment(&self, frame: Frame) -> PathSegment<'a> {
        match frame {
            // The rewriter only cuts the buffer at char boundaries; `get`
            // keeps a slip from becoming a panic.
            Frame::Object { start, end } => {
                PathSegment::Key(self.keys.get(start..end).unwrap_or(""))
            }
            Frame::Array { index } => PathSegment::Index(index),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments().enumerate() {
            match segment {
                PathSegment::Key(key) if i == 0 => f.write_str(key)?,
                PathSegment::Key(key) => write!(f, ".{key}")?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.segments()).finish()
    }
}

/// Iterator over a [`Path`]'s segments, from the top down.
#[derive(Debug, Clone)]
pub struct Segments<'a> {
    frames: std::slice::Iter<'a, Frame>,
    keys: &'a str,
}

impl<'a> Iterator for Segments<'a> {
    type Item = PathSegment<'a>;

    fn next(&mut self) -> Option<PathSegment<'a>> {
        let frame = *self.frames.next()?;
        Some(Path::new(&[], self.keys).segment(frame))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.frames.size_hint()
    }
}

impl ExactSizeIterator for Segments<'_> {}

// === Patterns ===

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternSegment<'p> {
    Key(&'p str),
    AnyKey,
    Index(usize),
    AnyIndex,
}

/// Parses a pattern lazily, so matching allocates nothing; `Some(None)`
/// marks a malformed pattern (and ends it).
struct Pattern<'p> {
    rest: &'p str,
    first: bool,
    broken: bool,
}

impl<'p> Pattern<'p> {
    fn new(pattern: &'p str) -> Self {
        Pattern {
            rest: pattern,
            first: true,
            broken: false,
        }
    }
}

impl<'p> Iterator for Pattern<'p> {
    type Item = Option<PatternSegment<'p>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.broken || self.rest.is_empty() {
            return None;
        }
        let first = std::mem::replace(&mut self.first, false);
        let segment = if let Some(rest) = self.rest.strip_prefix('[') {
            rest.split_once(']').and_then(|(index, rest)| {
                self.rest = rest;
                match index {
                    "*" => Some(PatternSegment::AnyIndex),
                    _ if index.bytes().all(|b| b.is_ascii_digit()) => {
                        index.parse().ok().map(PatternSegment::Index)
                    }
                    _ => None,
                }
            })
        } else {
            let rest = if first {
                Some(self.rest)
            } else {
                self.rest.strip_prefix('.')
            };
            rest.map(|rest| {
                let end = rest.find(['.', '[']).unwrap_or(rest.len());
                let (key, rest) = rest.split_at(end);
                self.rest = rest;
                match key {
                    "*" => PatternSegment::AnyKey,
                    _ => PatternSegment::Key(key),
                }
            })
        };
        self.broken = segment.is_none();
        Some(segment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `messages[2].tool_calls[0].function.arguments`
    fn sample() -> (Vec<Frame>, String) {
        let keys = "messagestool_callsfunctionarguments".to_owned();
        let frames = vec![
            Frame::Object { start: 0, end: 8 },
            Frame::Array { index: 2 },
            Frame::Object { start: 8, end: 18 },
            Frame::Array { index: 0 },
            Frame::Object { start: 18, end: 26 },
            Frame::Object { start: 26, end: 35 },
        ];
        (frames, keys)
    }

    #[test]
    fn segments_and_display() {
        let (frames, keys) = sample();
        let path = Path::new(&frames, &keys);
        assert_eq!(path.len(), 6);
        assert_eq!(path.get(0), Some(PathSegment::Key("messages")));
        assert_eq!(path.get(1), Some(PathSegment::Index(2)));
        assert_eq!(path.last(), Some(PathSegment::Key("arguments")));
        assert_eq!(path.get(6), None);
        assert_eq!(
            path.to_string(),
            "messages[2].tool_calls[0].function.arguments"
        );
        assert_eq!(Path::new(&[], "").to_string(), "");
    }

    #[test]
    fn patterns() {
        let (frames, keys) = sample();
        let path = Path::new(&frames, &keys);
        for yes in [
            "messages[*].tool_calls[*].function.arguments",
            "messages[2].tool_calls[0].function.arguments",
            "*[*].*[*].*.*",
            "messages[*].tool_calls[*].function.*",
        ] {
            assert!(path.matches(yes), "{yes}");
            assert!(path.starts_with(yes), "{yes}");
        }
        for prefix in ["", "messages", "messages[*]", "messages[2].tool_calls"] {
            assert!(path.starts_with(prefix), "{prefix}");
            assert!(!path.matches(prefix), "{prefix}");
        }
        for no in [
            "messages[*].content",
            "messages[1].tool_calls[*].function.arguments",
            "messages.tool_calls",
            "[*]",
            "messages[*].tool_calls[*].function.arguments.more",
            "messages[x]",
            "messages[2",
            "messages[*]tool_calls",
            "messages[-1]",
            "messages[99999999999999999999999]",
        ] {
            assert!(!path.matches(no), "{no}");
            assert!(!path.starts_with(no), "{no}");
        }
        let root = Path::new(&[], "");
        assert!(root.matches(""));
        assert!(!root.matches("system"));
        let arrays = [Frame::Array { index: 0 }, Frame::Array { index: 7 }];
        let arrays = Path::new(&arrays, "");
        assert!(arrays.matches("[0][7]"));
        assert!(arrays.matches("[*][*]"));
        assert!(!arrays.matches("[0]"));
    }
}
