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

/// Joins segments into a pointer, e.g. `["paths", "/users"]` into `/paths/~1users`.
#[must_use]
pub fn join<S: AsRef<str>>(segments: &[S]) -> String {
    let mut out = String::new();
    for segment in segments {
        out.push('/');
        out.push_str(&escape(segment.as_ref()));
    }
    out
}

/// `base` followed by the segments.
#[must_use]
pub fn child(base: &str, segments: &[&str]) -> String {
    let mut out = String::with_capacity(base.len() + 16);
    out.push_str(base);
    for segment in segments {
        out.push('/');
        out.push_str(&escape(segment));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped() {
        assert_eq!(join(&["paths", "/users/{id}", "a~b"]), "/paths/~1users~1{id}/a~0b");
        assert_eq!(child("/components", &["schemas", "A/B"]), "/components/schemas/A~1B");
    }
}
