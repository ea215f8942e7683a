//! Where a contract's types are written: the structs and enums of a crate's Rust sources, found
//! with syn, each with its file and line and the names serde and schemars give it and its
//! fields and variants in the documents.
//!
//! A [`SourceTree`] is one snapshot of the sources (the working tree, or a commit read with
//! `git show`): the crate roots it is given, and every module they declare (`mod x;` in
//! `x.rs` or `x/mod.rs`, or at `#[path]`; inline `mod x { .. }`). Items are keyed by their Rust
//! path, the one `std::any::type_name` gives (`contracts::v1::User`). A type defined by a macro
//! call (`constrained_string! { pub struct Email { .. } }`) is found where the call names it,
//! and says so: its fields, if any, are the macro's and are not located.
//!
//! Nothing here fails: a file that does not read or parse contributes no items, and a finding
//! whose item is not found keeps its pointer alone.

use std::collections::HashMap;

/// The root of one crate's module tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CrateRoot {
    /// The Rust path of the root module, e.g. `contracts` (a crate's name with `_` for `-`).
    pub(crate) path: String,
    /// The root file, relative to the directory the reader reads from, e.g. `contracts/src/lib.rs`.
    pub(crate) file: String,
}

/// The items of one snapshot of the sources.
#[derive(Debug, Default)]
pub(crate) struct SourceTree {
    items: Vec<Item>,
    by_path: HashMap<String, usize>,
}

/// A struct or enum of the sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    /// The Rust path, e.g. `contracts::v1::User`.
    pub(crate) path: String,
    /// The schema name schemars gives it: `#[schemars(rename)]`, else `#[serde(rename)]`, else
    /// its identifier.
    pub(crate) schema_name: String,
    /// The file, as the reader named it.
    pub(crate) file: String,
    /// The 1-based line of its identifier.
    pub(crate) line: usize,
    /// The macro whose call defines it (`constrained_string`), when a macro does.
    pub(crate) macro_name: Option<String>,
    /// Its named fields, or its variants.
    pub(crate) members: Vec<Member>,
}

/// A named field or a variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Member {
    /// As Rust spells it (without `r#`).
    pub(crate) rust: String,
    /// The names it has in the documents: one, or two when `rename(serialize, deserialize)`
    /// differ.
    pub(crate) wire: Vec<String>,
    /// The 1-based line of its identifier.
    pub(crate) line: usize,
}

impl Item {
    /// The field or variant the documents call `wire`.
    pub(crate) fn member(&self, wire: &str) -> Option<&Member> {
        self.members.iter().find(|member| member.wire.iter().any(|name| name == wire))
    }
}

impl SourceTree {
    /// Parses the module trees of `roots`, reading each file with `read` (`None`: no such
    /// file).
    pub(crate) fn parse(roots: &[CrateRoot], read: &dyn Fn(&str) -> Option<String>) -> Self {
        let mut tree = SourceTree::default();
        for root in roots {
            let dir = parent(&root.file);
            tree.module_file(&root.file, &root.path, &dir, read, 0);
        }
        tree
    }

    /// The item at the Rust path `path`, generic arguments ignored (`a::Page<a::User>` is
    /// `a::Page`).
    pub(crate) fn item(&self, path: &str) -> Option<&Item> {
        let path = path.split('<').next().unwrap_or(path).trim();
        self.by_path.get(path).map(|&index| &self.items[index])
    }

    /// The items whose schema name is `name`.
    pub(crate) fn named(&self, name: &str) -> Vec<&Item> {
        self.items.iter().filter(|item| item.schema_name == name).collect()
    }

    /// The items of the module in `file`, whose Rust path is `module`, with child module files
    /// under `dir`.
    fn module_file(
        &mut self,
        file: &str,
        module: &str,
        dir: &str,
        read: &dyn Fn(&str) -> Option<String>,
        depth: usize,
    ) -> bool {
        let Some(text) = read(file) else { return false };
        let Ok(parsed) = syn::parse_file(&text) else { return true };
        self.module_items(&parsed.items, file, module, dir, read, depth);
        true
    }

    fn module_items(
        &mut self,
        items: &[syn::Item],
        file: &str,
        module: &str,
        dir: &str,
        read: &dyn Fn(&str) -> Option<String>,
        depth: usize,
    ) {
        // Module trees are shallow; a cycle of `#[path]`s must not recurse forever.
        if depth > 32 {
            return;
        }
        for item in items {
            match item {
                syn::Item::Struct(item) => {
                    let members = match &item.fields {
                        syn::Fields::Named(fields) => {
                            let rename_all = rename_all(&item.attrs);
                            fields
                                .named
                                .iter()
                                .filter_map(|field| {
                                    let ident = field.ident.as_ref()?;
                                    Some(member(ident, &field.attrs, rename_all.as_deref(), false))
                                })
                                .collect()
                        }
                        _ => Vec::new(),
                    };
                    self.push(module, &item.ident, &item.attrs, file, None, members);
                }
                syn::Item::Enum(item) => {
                    let rename_all = rename_all(&item.attrs);
                    let members = item
                        .variants
                        .iter()
                        .map(|variant| {
                            member(&variant.ident, &variant.attrs, rename_all.as_deref(), true)
                        })
                        .collect();
                    self.push(module, &item.ident, &item.attrs, file, None, members);
                }
                syn::Item::Macro(item) => {
                    let name = item.mac.path.segments.last().map(|s| s.ident.to_string());
                    if let (Some(name), Some(ident)) = (name, defined_type(&item.mac.tokens)) {
                        self.push(module, &ident, &[], file, Some(name), Vec::new());
                    }
                }
                syn::Item::Mod(item) => {
                    let name = unraw(&item.ident);
                    let child = format!("{module}::{name}");
                    match &item.content {
                        Some((_, items)) => {
                            let dir = format!("{dir}{name}/");
                            self.module_items(items, file, &child, &dir, read, depth + 1);
                        }
                        None => {
                            if let Some(path) = path_attribute(&item.attrs) {
                                let path = format!("{dir}{path}");
                                let child_dir = parent(&path);
                                self.module_file(&path, &child, &child_dir, read, depth + 1);
                                continue;
                            }
                            let flat = format!("{dir}{name}.rs");
                            let child_dir = format!("{dir}{name}/");
                            if !self.module_file(&flat, &child, &child_dir, read, depth + 1) {
                                let nested = format!("{dir}{name}/mod.rs");
                                self.module_file(&nested, &child, &child_dir, read, depth + 1);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn push(
        &mut self,
        module: &str,
        ident: &syn::Ident,
        attrs: &[syn::Attribute],
        file: &str,
        macro_name: Option<String>,
        members: Vec<Member>,
    ) {
        let name = unraw(ident);
        let path = format!("{module}::{name}");
        let schema_name = schema_name(attrs).unwrap_or_else(|| name.clone());
        let item = Item {
            path: path.clone(),
            schema_name,
            file: file.to_owned(),
            line: line(ident),
            macro_name,
            members,
        };
        // The first definition wins, as in a compiling crate there is only one.
        self.by_path.entry(path).or_insert(self.items.len());
        self.items.push(item);
    }
}

/// The directory of `file`, with a trailing `/` (empty for a bare file name).
fn parent(file: &str) -> String {
    match file.rfind('/') {
        Some(index) => file[..=index].to_owned(),
        None => String::new(),
    }
}

/// The 1-based line of `ident`'s start.
fn line(ident: &syn::Ident) -> usize {
    ident.span().start().line
}

/// An identifier without its `r#`.
fn unraw(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map_or(text.clone(), str::to_owned)
}

/// The type a macro call defines: the identifier after the first top-level `struct` or `enum`
/// among its tokens.
fn defined_type(tokens: &proc_macro2::TokenStream) -> Option<syn::Ident> {
    let mut keyword = false;
    for token in tokens.clone() {
        match token {
            proc_macro2::TokenTree::Ident(ident) if keyword => return Some(ident),
            proc_macro2::TokenTree::Ident(ident) => {
                keyword = ident == "struct" || ident == "enum";
            }
            _ => keyword = false,
        }
    }
    None
}

/// `#[path = "…"]` of a module declaration.
fn path_attribute(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find(|attr| attr.path().is_ident("path")).and_then(|attr| match &attr.meta {
        syn::Meta::NameValue(syn::MetaNameValue {
            value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(path), .. }),
            ..
        }) => Some(path.value()),
        _ => None,
    })
}

/// What `#[serde(...)]` and `#[schemars(...)]` say about names.
#[derive(Debug, Default)]
struct Names {
    /// `rename = "x"`, or `rename(serialize = "x", deserialize = "y")`, of serde.
    serde_rename: Vec<String>,
    /// The same, of schemars.
    schemars_rename: Vec<String>,
    /// `rename_all = "…"` (the serialize one of a pair), of either.
    rename_all: Option<String>,
}

/// Reads the `serde` and `schemars` attributes among `attrs`; an attribute that does not parse
/// says nothing.
fn names(attrs: &[syn::Attribute]) -> Names {
    let mut names = Names::default();
    for attr in attrs {
        let schemars = attr.path().is_ident("schemars");
        if !schemars && !attr.path().is_ident("serde") {
            continue;
        }
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let found = string_or_pair(&meta)?;
                if schemars {
                    names.schemars_rename.extend(found);
                } else {
                    names.serde_rename.extend(found);
                }
            } else if meta.path.is_ident("rename_all") {
                if let Some(first) = string_or_pair(&meta)?.into_iter().next() {
                    names.rename_all = Some(first);
                }
            } else {
                skip(&meta)?;
            }
            Ok(())
        });
    }
    names
}

/// `= "x"`, or `(serialize = "x", deserialize = "y")`: the strings, serialize first.
fn string_or_pair(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<Vec<String>> {
    if meta.input.peek(syn::Token![=]) {
        let value: syn::LitStr = meta.value()?.parse()?;
        return Ok(vec![value.value()]);
    }
    let mut found = Vec::new();
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("serialize") || inner.path.is_ident("deserialize") {
            let value: syn::LitStr = inner.value()?.parse()?;
            if !found.contains(&value.value()) {
                found.push(value.value());
            }
        } else {
            skip(&inner)?;
        }
        Ok(())
    })?;
    Ok(found)
}

/// Consumes a nested meta item that says nothing about names: `flag`, `key = value` or
/// `key(…)`.
fn skip(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

/// The schema name of a type: schemars' rename, else serde's, else none (its identifier).
fn schema_name(attrs: &[syn::Attribute]) -> Option<String> {
    let names = names(attrs);
    names.schemars_rename.into_iter().next().or_else(|| names.serde_rename.into_iter().next())
}

/// The container's `rename_all`.
fn rename_all(attrs: &[syn::Attribute]) -> Option<String> {
    names(attrs).rename_all
}

/// A field (`variant` false) or variant, with its document names.
fn member(
    ident: &syn::Ident,
    attrs: &[syn::Attribute],
    rename_all: Option<&str>,
    variant: bool,
) -> Member {
    let rust = unraw(ident);
    let names = names(attrs);
    let mut wire: Vec<String> = names.schemars_rename;
    if wire.is_empty() {
        wire = names.serde_rename;
    }
    if wire.is_empty() {
        wire.push(match rename_all {
            Some(rule) => apply_rename_all(&rust, rule, variant),
            None => rust.clone(),
        });
    }
    // Spanned: the line of the identifier, not of the attributes above it.
    Member { line: ident.span().start().line, rust, wire }
}

/// serde's `rename_all` rule applied to a field (snake_case in Rust) or a variant
/// (PascalCase); an unknown rule leaves the name as it is.
pub(crate) fn apply_rename_all(name: &str, rule: &str, variant: bool) -> String {
    // Words as serde splits them: a field at `_`, a variant before each capital.
    let words: Vec<String> = if variant {
        let mut words: Vec<String> = Vec::new();
        for (index, c) in name.char_indices() {
            if c.is_uppercase() || index == 0 {
                words.push(String::new());
            }
            if let Some(word) = words.last_mut() {
                word.push(c);
            }
        }
        words.into_iter().map(|word| word.to_lowercase()).collect()
    } else {
        name.split('_').map(str::to_owned).collect()
    };
    let capitalized = |word: &str| {
        let mut chars = word.chars();
        chars.next().map_or(String::new(), |first| first.to_uppercase().chain(chars).collect())
    };
    match rule {
        "lowercase" if variant => name.to_lowercase(),
        "lowercase" => name.to_owned(),
        "UPPERCASE" => name.to_uppercase(),
        "PascalCase" if variant => name.to_owned(),
        "PascalCase" => words.iter().map(|word| capitalized(word)).collect(),
        "camelCase" => {
            let pascal: String = if variant {
                name.to_owned()
            } else {
                words.iter().map(|word| capitalized(word)).collect()
            };
            let mut chars = pascal.chars();
            chars.next().map_or(String::new(), |first| first.to_lowercase().chain(chars).collect())
        }
        "snake_case" => words.join("_"),
        "SCREAMING_SNAKE_CASE" => words.join("_").to_uppercase(),
        "kebab-case" => words.join("-"),
        "SCREAMING-KEBAB-CASE" => words.join("-").to_uppercase(),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests;
