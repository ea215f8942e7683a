//! The locator on sources written here: renames, `rename_all`, `remote = "Self"` structs,
//! enums, newtypes, macro-defined types and module files.

use std::collections::HashMap;

use super::{CrateRoot, SourceTree, apply_rename_all};

/// The tree of the crate `contracts` whose files are `files` (paths relative to the reader).
fn tree(files: &[(&str, &str)]) -> SourceTree {
    let files: HashMap<String, String> =
        files.iter().map(|(path, text)| ((*path).to_owned(), (*text).to_owned())).collect();
    let roots =
        [CrateRoot { path: "contracts".to_owned(), file: "contracts/src/lib.rs".to_owned() }];
    SourceTree::parse(&roots, &|path| files.get(path).cloned())
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|line| line.contains(needle)).expect("needle in text") + 1
}

const LIB: &str = r#"//! A contract.

pub mod v1;

/// Renamed on the wire.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[serde(remote = "Self")]
pub struct Account {
    /// Its id.
    pub account_id: u64,
    /// Named by hand.
    #[serde(rename = "e-mail")]
    pub email: String,
    /// Named apart per direction.
    #[serde(rename(serialize = "out_name", deserialize = "in_name"))]
    pub name: String,
    /// A keyword.
    pub r#type: String,
}

/// Schemars names it, serde's rename loses.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename = "SerdeName", deny_unknown_fields)]
#[schemars(rename = "Customer")]
pub struct Client {
    pub id: u64,
}

#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Open.
    Open,
    #[serde(rename = "closed_for_good")]
    Closed,
    PaidInFull,
}

/// A newtype.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct AccountId(pub u64);

constrained_string! {
    /// Checked.
    pub struct Email { length: 3..=254, format: "email" }
}

mod inline {
    pub struct Nested {
        pub deep: bool,
    }
}
"#;

const V1: &str = r#"//! Version 1.

#[path = "shared_types.rs"]
mod shared;

/// A user.
pub struct User {
    pub id: u64,

    #[serde(
        serialize_with = "a::b",
        deserialize_with = "a::c"
    )]
    pub created_at: String,
}
"#;

const SHARED: &str = "pub enum Currency {\n    #[serde(rename = \"CHF\")]\n    Chf,\n}\n";

#[test]
fn fields_carry_their_document_names_and_lines() {
    let tree = tree(&[("contracts/src/lib.rs", LIB)]);
    let account = tree.item("contracts::Account").expect("Account");
    assert_eq!(account.file, "contracts/src/lib.rs");
    assert_eq!(account.line, line_of(LIB, "pub struct Account"));
    assert_eq!(account.schema_name, "Account");
    let cases = [
        ("accountId", "account_id", "pub account_id"),
        ("e-mail", "email", "pub email"),
        ("out_name", "name", "pub name"),
        ("in_name", "name", "pub name"),
        ("type", "type", "pub r#type"),
    ];
    for (wire, rust, needle) in cases {
        let member = account.member(wire).unwrap_or_else(|| panic!("member {wire}"));
        assert_eq!((member.rust.as_str(), member.line), (rust, line_of(LIB, needle)), "{wire}");
    }
    assert!(account.member("account_id").is_none(), "rename_all applies");
    assert!(account.member("email").is_none(), "rename wins over the field name");
}

#[test]
fn schemars_rename_names_the_schema_before_serde_rename() {
    let tree = tree(&[("contracts/src/lib.rs", LIB)]);
    assert_eq!(tree.item("contracts::Client").expect("Client").schema_name, "Customer");
    let named: Vec<&str> = tree.named("Customer").iter().map(|item| item.path.as_str()).collect();
    assert_eq!(named, ["contracts::Client"]);
}

#[test]
fn variants_carry_their_document_names() {
    let tree = tree(&[("contracts/src/lib.rs", LIB)]);
    let status = tree.item("contracts::Status").expect("Status");
    let found: Vec<(&str, &str, usize)> = ["open", "closed_for_good", "paid_in_full"]
        .iter()
        .map(|wire| {
            let member = status.member(wire).unwrap_or_else(|| panic!("variant {wire}"));
            (*wire, member.rust.as_str(), member.line)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("open", "Open", line_of(LIB, "    Open,")),
            ("closed_for_good", "Closed", line_of(LIB, "    Closed,")),
            ("paid_in_full", "PaidInFull", line_of(LIB, "PaidInFull")),
        ]
    );
}

#[test]
fn newtypes_and_macro_types_are_items_the_macro_said() {
    let tree = tree(&[("contracts/src/lib.rs", LIB)]);
    let id = tree.item("contracts::AccountId").expect("AccountId");
    assert_eq!(
        (id.line, id.members.len(), id.macro_name.as_deref()),
        (line_of(LIB, "pub struct AccountId"), 0, None)
    );
    let email = tree.item("contracts::Email").expect("Email");
    assert_eq!(email.line, line_of(LIB, "pub struct Email"));
    assert_eq!(email.macro_name.as_deref(), Some("constrained_string"));
    assert!(email.members.is_empty());
}

#[test]
fn module_files_inline_modules_and_path_attributes_are_followed() {
    let tree = tree(&[
        ("contracts/src/lib.rs", LIB),
        ("contracts/src/v1.rs", V1),
        ("contracts/src/v1/shared_types.rs", SHARED),
    ]);
    let user = tree.item("contracts::v1::User").expect("User");
    assert_eq!(
        (user.file.as_str(), user.line),
        ("contracts/src/v1.rs", line_of(V1, "pub struct User"))
    );
    let created = user.member("created_at").expect("created_at");
    assert_eq!(
        created.line,
        line_of(V1, "pub created_at"),
        "the field's line, not its attributes'"
    );
    let nested = tree.item("contracts::inline::Nested").expect("inline module");
    assert_eq!(nested.line, line_of(LIB, "pub struct Nested"));
    let currency = tree.item("contracts::v1::shared::Currency").expect("#[path] module");
    assert_eq!(currency.file, "contracts/src/v1/shared_types.rs");
    assert_eq!(currency.member("CHF").expect("CHF").line, 3);
    assert_eq!(
        tree.item("contracts::v1::User<contracts::Account>").map(|item| item.line),
        Some(user.line),
        "generic arguments are ignored"
    );
}

#[test]
fn a_module_in_mod_rs_and_missing_or_broken_files_are_no_error() {
    let tree = tree(&[
        ("contracts/src/lib.rs", "mod a;\nmod gone;\nmod broken;\npub struct Top;\n"),
        ("contracts/src/a/mod.rs", "mod b;\n"),
        ("contracts/src/a/b.rs", "\n\npub struct Deep { pub x: u8 }\n"),
        ("contracts/src/broken.rs", "pub struct {"),
    ]);
    assert_eq!(tree.item("contracts::a::b::Deep").map(|item| item.line), Some(3));
    assert_eq!(tree.item("contracts::Top").map(|item| item.line), Some(4));
    assert!(tree.item("contracts::broken::Nothing").is_none());
}

#[test]
fn rename_all_rules_follow_serde() {
    let fields = [
        ("lowercase", "user_name"),
        ("UPPERCASE", "USER_NAME"),
        ("PascalCase", "UserName"),
        ("camelCase", "userName"),
        ("snake_case", "user_name"),
        ("SCREAMING_SNAKE_CASE", "USER_NAME"),
        ("kebab-case", "user-name"),
        ("SCREAMING-KEBAB-CASE", "USER-NAME"),
    ];
    for (rule, expected) in fields {
        assert_eq!(apply_rename_all("user_name", rule, false), expected, "field, {rule}");
    }
    let variants = [
        ("lowercase", "paidinfull"),
        ("UPPERCASE", "PAIDINFULL"),
        ("PascalCase", "PaidInFull"),
        ("camelCase", "paidInFull"),
        ("snake_case", "paid_in_full"),
        ("SCREAMING_SNAKE_CASE", "PAID_IN_FULL"),
        ("kebab-case", "paid-in-full"),
        ("SCREAMING-KEBAB-CASE", "PAID-IN-FULL"),
    ];
    for (rule, expected) in variants {
        assert_eq!(apply_rename_all("PaidInFull", rule, true), expected, "variant, {rule}");
    }
}
