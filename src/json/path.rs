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
/// (`a[x]`, `a[1`) matches nothing. Matching a `&str` parses it on the
/// fly; a [`PathPattern`] is parsed once and matches faster.
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
            if !want.ok()?.accepts(segments.next()?) {
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

/// A path pattern (see [`Path`]) parsed once, for matching many paths:
/// what a provider adapter keeps for the fields it rewrites.
///
/// [`matches`](Self::matches) rejects on length first and compares from
/// the innermost segment out, where paths differ most (`content` against
/// `role`), so a miss usually costs one comparison.
///
/// ```
/// use veil::json::PathPattern;
///
/// let arguments: PathPattern = "messages[*].tool_calls[*].function.arguments".parse()?;
/// assert_eq!(arguments.to_string(), "messages[*].tool_calls[*].function.arguments");
/// assert!("messages[1".parse::<PathPattern>().is_err());
/// # Ok::<(), veil::json::PatternError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathPattern {
    segments: Vec<PatternSegment<Box<str>>>,
}

/// A path pattern that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed path pattern at byte {offset}: expected `.key`, `[index]` or `[*]`")]
pub struct PatternError {
    /// Where in the pattern.
    pub offset: usize,
}

// === impl PathPattern ===

impl PathPattern {
    /// Parses `pattern`.
    pub fn new(pattern: &str) -> Result<PathPattern, PatternError> {
        let segments = Pattern::new(pattern)
            .map(|segment| {
                segment
                    .map(|segment| match segment {
                        PatternSegment::Key(key) => PatternSegment::Key(Box::from(key)),
                        PatternSegment::AnyKey => PatternSegment::AnyKey,
                        PatternSegment::Index(index) => PatternSegment::Index(index),
                        PatternSegment::AnyIndex => PatternSegment::AnyIndex,
                    })
                    .map_err(|offset| PatternError { offset })
            })
            .collect::<Result<_, _>>()?;
        Ok(PathPattern { segments })
    }

    /// True if `path` is exactly a location this pattern names.
    pub fn matches(&self, path: &Path<'_>) -> bool {
        self.segments.len() == path.len()
            && self
                .segments
                .iter()
                .rev()
                .zip(path.frames.iter().rev())
                .all(|(want, frame)| want.accepts(path.segment(*frame)))
    }

    /// True if `path` is at or below a location this pattern names.
    pub fn is_prefix_of(&self, path: &Path<'_>) -> bool {
        self.segments.len() <= path.len()
            && self
                .segments
                .iter()
                .zip(path.segments())
                .all(|(want, got)| want.accepts(got))
    }
}

impl std::str::FromStr for PathPattern {
    type Err = PatternError;

    fn from_str(pattern: &str) -> Result<PathPattern, PatternError> {
        PathPattern::new(pattern)
    }
}

impl fmt::Display for PathPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                PatternSegment::Key(key) if i == 0 => f.write_str(key)?,
                PatternSegment::Key(key) => write!(f, ".{key}")?,
                PatternSegment::AnyKey if i == 0 => f.write_str("*")?,
                PatternSegment::AnyKey => f.write_str(".*")?,
                PatternSegment::Index(index) => write!(f, "[{index}]")?,
                PatternSegment::AnyIndex => f.write_str("[*]")?,
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum PatternSegment<K> {
    Key(K),
    AnyKey,
    Index(usize),
    AnyIndex,
}

impl<K: AsRef<str>> PatternSegment<K> {
    #[inline]
    fn accepts(&self, segment: PathSegment<'_>) -> bool {
        match (self, segment) {
            (PatternSegment::AnyKey, PathSegment::Key(_)) => true,
            (PatternSegment::Key(want), PathSegment::Key(got)) => want.as_ref() == got,
            (PatternSegment::AnyIndex, PathSegment::Index(_)) => true,
            (PatternSegment::Index(want), PathSegment::Index(got)) => *want == got,
            _ => false,
        }
    }
}

/// Parses a pattern lazily, so [`Path::matches`] allocates nothing. A
/// malformed pattern yields `Err(offset)` and ends.
struct Pattern<'p> {
    pattern: &'p str,
    at: usize,
    broken: bool,
}

impl<'p> Pattern<'p> {
    fn new(pattern: &'p str) -> Self {
        Pattern {
            pattern,
            at: 0,
            broken: false,
        }
    }
}

impl<'p> Iterator for Pattern<'p> {
    type Item = Result<PatternSegment<&'p str>, usize>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.pattern.as_bytes();
        if self.broken || self.at >= bytes.len() {
            return None;
        }
        let start = self.at;
        let segment = match bytes[start] {
            b'[' => {
                let close = bytes[start..].iter().position(|&b| b == b']');
                close.and_then(|close| {
                    let index = &self.pattern[start + 1..start + close];
                    self.at = start + close + 1;
                    match index {
                        "*" => Some(PatternSegment::AnyIndex),
                        _ if !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) => {
                            index.parse().ok().map(PatternSegment::Index)
                        }
                        _ => None,
                    }
                })
            }
            // A key: after a `.`, except at the very start.
            b'.' if start > 0 => Some(self.key(start + 1)),
            _ if start == 0 => Some(self.key(0)),
            _ => None,
        };
        self.broken = segment.is_none();
        Some(segment.ok_or(start))
    }
}

impl<'p> Pattern<'p> {
    fn key(&mut self, from: usize) -> PatternSegment<&'p str> {
        let len = self.pattern.as_bytes()[from..]
            .iter()
            .position(|&b| b == b'.' || b == b'[')
            .unwrap_or(self.pattern.len() - from);
        let key = &self.pattern[from..from + len];
        self.at = from + len;
        match key {
            "*" => PatternSegment::AnyKey,
            _ => PatternSegment::Key(key),
        }
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
            "messages[]",
            "messages[99999999999999999999999]",
        ] {
            assert!(!path.matches(no), "{no}");
            assert!(!path.starts_with(no), "{no}");
        }
        for pattern in [
            "messages[*].tool_calls[*].function.arguments",
            "messages[2].tool_calls[0].function.arguments",
            "*[*].*[*].*.*",
            "",
            "messages",
            "messages[*].content",
        ] {
            let compiled = PathPattern::new(pattern).unwrap();
            assert_eq!(compiled.to_string(), pattern);
            assert_eq!(compiled.matches(&path), path.matches(pattern), "{pattern}");
            assert_eq!(
                compiled.is_prefix_of(&path),
                path.starts_with(pattern),
                "{pattern}"
            );
        }
        for (bad, offset) in [
            ("messages[x]", 8),
            ("messages[2", 8),
            ("messages[]", 8),
            ("messages[*]tool_calls", 11),
            ("messages[-1]", 8),
            ("a[99999999999999999999999]", 1),
        ] {
            assert_eq!(PathPattern::new(bad), Err(PatternError { offset }), "{bad}");
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
