//! The texts that tie the differ's output to the repository it runs in.
//!
//! The differ knows no repository: the command that runs it, where waivers go and where the
//! rule catalogue is are the front end's to say. A [`Context`] carries them to the renderers
//! (through [`Options`](crate::Options)), to waiver errors and to
//! [`rules::catalogue_markdown`](crate::rules::catalogue_markdown), which also takes the command
//! that regenerates the catalogue.
//!
//! ```
//! use charter_differ::Context;
//!
//! // A repository whose Makefile runs the differ.
//! let context = Context {
//!     command: "make api-diff",
//!     waivers: "`api/waivers.toml`",
//!     catalogue: "docs/api-rules.md",
//! };
//! # let _ = context;
//! ```

/// Texts naming the commands, files and places of the repository the differ runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context<'a> {
    /// The command that runs the differ, as a user types it (`make api-diff`, `charter diff`):
    /// the catalogue's title.
    pub command: &'a str,
    /// Where waivers go, as a noun phrase that may use Markdown backticks:
    /// ``"`api/waivers.toml`"``, ``"a file passed with `--waivers`"``. It completes
    /// "add to …" above each ready-to-paste waiver, and "a waiver in …" in the catalogue.
    pub waivers: &'a str,
    /// The rule catalogue, as a path or URL: Markdown links to a rule are `<catalogue>#<id>`,
    /// and messages name it ("every rule id is in …").
    pub catalogue: &'a str,
}
