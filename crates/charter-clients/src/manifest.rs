//! The client crate's `Cargo.toml`: the dependencies its code uses, and the Rust version they
//! need.
//!
//! The manifest stands on its own: versions are written out, nothing is inherited from a
//! workspace (`.workspace = true`) and it declares no `[workspace]`, so the crate can be a
//! member of whatever workspace it is generated into.

/// The edition of the generated code.
const EDITION: &str = "2024";

/// The oldest Rust that has [`EDITION`].
const EDITION_RUST_VERSION: (u32, u32) = (1, 85);

/// A dependency a generated crate may have.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dependency {
    /// The package name.
    pub(crate) name: &'static str,
    /// The rest of its line in `[dependencies]`, after `name = `.
    pub(crate) requirement: &'static str,
    /// The `rust-version` the oldest version the requirement admits declares, if any.
    pub(crate) rust_version: Option<(u32, u32)>,
    /// A path that appears in the code when it needs the dependency; `None` when it always does.
    pub(crate) used_when: Option<&'static str>,
}

/// Every dependency a generated crate may have, in manifest order. `rust_version` is what the
/// crate's registry entry declares for the version the requirement starts at (a test checks it
/// against the versions this workspace resolves).
pub(crate) const DEPENDENCIES: [Dependency; 8] = [
    // The runtime of progenitor's code: the same version as the generator.
    Dependency {
        name: "progenitor-client",
        requirement: r#""0.15.1""#,
        rust_version: Some((1, 88)),
        used_when: None,
    },
    Dependency {
        name: "reqwest",
        requirement: r#"{ version = "0.13.5", default-features = false, features = ["json", "query"] }"#,
        rust_version: Some((1, 85)),
        used_when: None,
    },
    Dependency {
        name: "serde",
        requirement: r#"{ version = "1.0.228", features = ["derive"] }"#,
        rust_version: Some((1, 56)),
        used_when: None,
    },
    Dependency {
        name: "serde_json",
        requirement: r#""1.0.145""#,
        rust_version: Some((1, 61)),
        used_when: None,
    },
    Dependency {
        name: "chrono",
        requirement: r#"{ version = "0.4.42", default-features = false, features = ["serde"] }"#,
        rust_version: Some((1, 62)),
        used_when: Some("::chrono::"),
    },
    Dependency {
        name: "uuid",
        requirement: r#"{ version = "1.18", features = ["serde"] }"#,
        rust_version: Some((1, 63)),
        used_when: Some("::uuid::"),
    },
    Dependency {
        name: "regress",
        requirement: r#""0.12""#,
        rust_version: None,
        used_when: Some("::regress::"),
    },
    Dependency {
        name: "futures",
        requirement: r#""0.3""#,
        rust_version: None,
        used_when: Some("::futures::"),
    },
];

/// The dependencies `code` uses.
pub(crate) fn dependencies(code: &str) -> impl Iterator<Item = &'static Dependency> {
    DEPENDENCIES
        .iter()
        .filter(move |dependency| dependency.used_when.is_none_or(|path| code.contains(path)))
}

/// The oldest Rust that builds `code` with its dependencies: the newest of their
/// `rust-version`s and the edition's.
pub(crate) fn rust_version(code: &str) -> String {
    let (major, minor) = dependencies(code)
        .filter_map(|dependency| dependency.rust_version)
        .fold(EDITION_RUST_VERSION, Ord::max);
    format!("{major}.{minor}")
}

/// What a manifest names.
pub(crate) struct Package<'a> {
    /// The crate's name.
    pub(crate) name: &'a str,
    /// Its version, `major.minor.patch`.
    pub(crate) version: &'a str,
    /// The "generated, do not edit" line.
    pub(crate) header: &'a str,
    /// `package.description`.
    pub(crate) description: &'a str,
    /// Its `src/lib.rs`.
    pub(crate) code: &'a str,
}

/// The manifest of `package`.
pub(crate) fn render(package: &Package<'_>) -> String {
    let Package { name, version, header, description, code } = package;
    let dependencies: String = dependencies(code)
        .map(|dependency| format!("{} = {}\n", dependency.name, dependency.requirement))
        .collect();
    format!(
        r#"# {header}
[package]
name = "{name}"
version = "{version}"
edition = "{EDITION}"
rust-version = "{rust_version}"
description = "{description}"
license = "MIT OR Apache-2.0"
readme = "README.md"
publish = false

[features]
# TLS for https servers; plain http needs none.
rustls = ["reqwest/rustls"]
native-tls = ["reqwest/native-tls"]

[dependencies]
{dependencies}"#,
        rust_version = rust_version(code),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rust_version_is_the_newest_any_used_dependency_needs() {
        assert_eq!(rust_version("fn f() {}"), "1.88");
        let newest = DEPENDENCIES.iter().filter_map(|dependency| dependency.rust_version).max();
        assert_eq!(newest, Some((1, 88)), "progenitor-client 0.15 needs Rust 1.88");
    }

    #[test]
    fn optional_dependencies_follow_the_code() {
        let names = |code: &str| dependencies(code).map(|d| d.name).collect::<Vec<_>>();
        assert_eq!(names("x"), ["progenitor-client", "reqwest", "serde", "serde_json"]);
        assert_eq!(
            names("a: ::uuid::Uuid, b: ::chrono::NaiveDate"),
            ["progenitor-client", "reqwest", "serde", "serde_json", "chrono", "uuid"]
        );
    }
}
