//! JSON pointers (RFC 6901), the way findings name places in a document.

/// Escapes one segment: `~` becomes `~0` and `/` becomes `~1`.
#[must_use]
pub fn escape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1").into()
    } else {
        segment.into()
    }
}

/// Unescapes one segment: `~1` becomes `/` and `~0` becomes `~`.
#[must_use]
pub fn unescape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~").into()
    } else {
        segment.into()
    }
}

/// Joins segments into a pointer, e.g. `["paths", "/users"]` into `/paths/~1users`.
#[must_use]
pub fn join<S: AsRef<str>>(segments: &[S]) -> String {
    let length = segments.iter().map(|segment| 1 + escaped_len(segment.as_ref())).sum();
    let mut out = String::with_capacity(length);
    for segment in segments {
        push_segment(&mut out, segment.as_ref());
    }
    out
}

/// `base` followed by the segments.
#[must_use]
pub fn child(base: &str, segments: &[&str]) -> String {
    let length =
        base.len() + segments.iter().map(|segment| 1 + escaped_len(segment)).sum::<usize>();
    let mut out = String::with_capacity(length);
    out.push_str(base);
    for segment in segments {
        push_segment(&mut out, segment);
    }
    out
}

/// The length of a segment once escaped: `~` and `/` take two bytes.
fn escaped_len(segment: &str) -> usize {
    segment.len() + segment.bytes().filter(|byte| matches!(byte, b'~' | b'/')).count()
}

/// Appends `/` and the escaped segment, without building the escaped segment on its own: the
/// differ makes a pointer for every place it compares, so this is one of its hottest paths.
fn push_segment(out: &mut String, segment: &str) {
    out.push('/');
    let mut rest = segment;
    while let Some(at) = rest.find(['~', '/']) {
        let (plain, special) = rest.split_at(at);
        out.push_str(plain);
        out.push_str(if special.starts_with('~') { "~0" } else { "~1" });
        rest = special.get(1..).unwrap_or_default();
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped() {
        assert_eq!(join(&["paths", "/users/{id}", "a~b"]), "/paths/~1users~1{id}/a~0b");
        assert_eq!(child("/components", &["schemas", "A/B"]), "/components/schemas/A~1B");
        assert_eq!(child("", &["~/x~~//", "", "é/"]), "/~0~1x~0~0~1~1//é~1");
        for segment in ["", "a", "~", "/", "a~b/c", "~~//", "é~/"] {
            assert_eq!(join(&[segment]), format!("/{}", escape(segment)));
            assert_eq!(join(&[segment]).len(), 1 + escaped_len(segment));
        }
    }
}
