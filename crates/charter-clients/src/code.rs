//! The client's code: progenitor's output, parsed, completed and formatted.
//!
//! progenitor panics on some documents; the preflight checks refuse the known ones first, and
//! the generator runs under `catch_unwind` in case one slips past. Its panic message is carried
//! by the [`ClientError::Panicked`] returned, so the default panic hook would only print it twice:
//! [`quietly`] keeps it quiet, for the generating thread alone, without touching what other
//! threads' panics print.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use openapiv3::OpenAPI;
use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};

use crate::ClientError;

/// The generated code, as a syntax tree (for the README's example) and as text.
pub(crate) struct Code {
    /// The items, as written into `src/lib.rs`.
    pub(crate) file: syn::File,
    /// `file`, formatted.
    pub(crate) text: String,
}

/// The code of the client of `spec`, with the `errors` module when `with_errors` (the document
/// defines the error envelope).
pub(crate) fn generate(
    version: &str,
    spec: &OpenAPI,
    with_errors: bool,
) -> Result<Code, ClientError> {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq");
    let tokens = match quietly(|| Generator::new(&settings).generate_tokens(spec)) {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(error)) => {
            return Err(ClientError::Progenitor {
                version: version.to_owned(),
                message: error.to_string(),
            });
        }
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|text| (*text).to_owned()))
                .unwrap_or_else(|| "(no message)".to_owned());
            return Err(ClientError::Panicked { version: version.to_owned(), message });
        }
    };
    let unparsable = |error: syn::Error| ClientError::Progenitor {
        version: version.to_owned(),
        message: format!("its output does not parse as Rust: {error}"),
    };
    let mut file: syn::File = syn::parse2(tokens).map_err(unparsable)?;
    if with_errors {
        file.items.extend(syn::parse_str::<syn::File>(ERRORS_MODULE).map_err(unparsable)?.items);
    }
    let schemas = schemas_module(spec, &type_names(&file));
    file.items.extend(syn::parse_str::<syn::File>(&schemas).map_err(unparsable)?.items);
    // The code is formatted by prettyplease; keep `cargo fmt` from reformatting it, or it
    // would no longer match what the generator writes.
    let skip: syn::Attribute = syn::parse_quote!(#[rustfmt::skip]);
    for item in &mut file.items {
        if let Some(attributes) = item_attributes(item) {
            attributes.push(skip.clone());
        }
    }
    // progenitor's method docs carry examples marked `ignore` (they assume a `client` in
    // scope); as text they document the same without showing up as ignored doc tests.
    let text = prettyplease::unparse(&file).replace("```ignore", "```text");
    Ok(Code { file, text })
}

thread_local! {
    /// Whether a panic on this thread is being caught by [`quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic, and keeps the panic hook quiet about it.
///
/// The process's hook is never swapped around the call (that races with every other thread
/// that panics or generates meanwhile): once per process, the hook in place is wrapped in one
/// that stays quiet on threads inside `quietly` and defers to it everywhere else.
fn quietly<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|quiet| quiet.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(was_quiet));
    outcome
}

/// The names of the types progenitor wrote into `mod types`.
fn type_names(file: &syn::File) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    for item in &file.items {
        let syn::Item::Mod(module) = item else { continue };
        if module.ident != "types" {
            continue;
        }
        for item in module.content.iter().flat_map(|(_, items)| items) {
            match item {
                syn::Item::Struct(item) => names.insert(item.ident.to_string()),
                syn::Item::Enum(item) => names.insert(item.ident.to_string()),
                _ => false,
            };
        }
    }
    names
}

/// `mod schemas`: reads JSON into the client's type for each component schema and writes it
/// back, by the component's name, for round-trip tests (charter-roundtrip) that check the
/// client reads every schema as the document and the contract types do. A component without a
/// type of the same name in `types` (typify renamed or inlined it) has no arm, so such a test
/// reports it instead of skipping it.
fn schemas_module(spec: &OpenAPI, types: &std::collections::BTreeSet<String>) -> String {
    let mut arms = String::new();
    for name in spec.components.iter().flat_map(|components| components.schemas.keys()) {
        if types.contains(name) {
            arms.push_str(&format!(
                "        {name:?} => Some(read_and_write::<types::{name}>(value)),\n"
            ));
        }
    }
    if arms.is_empty() {
        return r#"
/// The client's types by the name of the component schema each comes from: this document has
/// none.
pub mod schemas {
    /// Always `None`: the client has no types.
    pub fn round_trip(
        _schema: &str,
        _value: ::serde_json::Value,
    ) -> Option<Result<::serde_json::Value, ::serde_json::Error>> {
        None
    }
}
"#
        .to_owned();
    }
    format!(
        r#"
/// The client's types by the name of the component schema each comes from.
pub mod schemas {{
    use super::types;

    /// Reads `value` into the client type of component `schema` and writes it back as JSON;
    /// `None` when the client has no type for `schema`.
    pub fn round_trip(
        schema: &str,
        value: ::serde_json::Value,
    ) -> Option<Result<::serde_json::Value, ::serde_json::Error>> {{
        match schema {{
{arms}            _ => None,
        }}
    }}

    fn read_and_write<T: ::serde::Serialize + ::serde::de::DeserializeOwned>(
        value: ::serde_json::Value,
    ) -> Result<::serde_json::Value, ::serde_json::Error> {{
        ::serde_json::to_value(::serde_json::from_value::<T>(value)?)
    }}
}}
"#
    )
}

fn item_attributes(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Const(item) => Some(&mut item.attrs),
        syn::Item::Enum(item) => Some(&mut item.attrs),
        syn::Item::Fn(item) => Some(&mut item.attrs),
        syn::Item::Impl(item) => Some(&mut item.attrs),
        syn::Item::Mod(item) => Some(&mut item.attrs),
        syn::Item::Static(item) => Some(&mut item.attrs),
        syn::Item::Struct(item) => Some(&mut item.attrs),
        syn::Item::Trait(item) => Some(&mut item.attrs),
        syn::Item::Type(item) => Some(&mut item.attrs),
        syn::Item::Use(item) => Some(&mut item.attrs),
        _ => None,
    }
}

/// Appended to the generated code of APIs whose documents define the error envelope.
const ERRORS_MODULE: &str = r#"
/// Reading the API's error envelope from a failed call.
pub mod errors {
    use super::{types, Error};

    /// What a failed call's error says, when the server answered with a documented error.
    pub trait ApiErrorExt {
        /// The decoded `{"error": {...}}` body of a documented error response.
        fn envelope(&self) -> Option<&types::ErrorEnvelope>;

        /// The error's machine-readable code, e.g. `ErrorCode::NotFound`.
        fn code(&self) -> Option<types::ErrorCode> {
            self.envelope().map(|envelope| envelope.error.code)
        }

        /// How long a `429 rate_limited` answer asks the caller to wait, from `Retry-After`
        /// (in seconds).
        fn retry_after(&self) -> Option<::std::time::Duration>;
    }

    impl ApiErrorExt for Error<types::ErrorEnvelope> {
        fn envelope(&self) -> Option<&types::ErrorEnvelope> {
            match self {
                Error::ErrorResponse(response) => Some(response),
                _ => None,
            }
        }

        fn retry_after(&self) -> Option<::std::time::Duration> {
            let Error::ErrorResponse(response) = self else {
                return None;
            };
            let value = response.headers().get(::reqwest::header::RETRY_AFTER)?;
            let seconds: u64 = value.to_str().ok()?.trim().parse().ok()?;
            Some(::std::time::Duration::from_secs(seconds))
        }
    }
}
"#;

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};

    use serde_json::json;

    use super::*;

    /// A document progenitor panics on (two request media types), which the preflight checks
    /// would refuse first.
    fn panicking_document() -> OpenAPI {
        serde_json::from_value(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {"post": {
                "operationId": "createThing",
                "requestBody": {"content": {
                    "application/json": {"schema": {"type": "object"}},
                    "application/xml": {"schema": {"type": "object"}}
                }},
                "responses": {"201": {"description": "Created."}}
            }}}
        }))
        .unwrap()
    }

    fn sound_document() -> OpenAPI {
        serde_json::from_value(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things/{thing_id}": {"get": {
                "operationId": "getThing",
                "parameters": [{"in": "path", "name": "thing_id", "required": true,
                                "schema": {"type": "integer", "format": "int64"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"name": {"type": "string"}}}
                }}}}
            }}}
        }))
        .unwrap()
    }

    #[test]
    fn a_panic_inside_progenitor_becomes_an_error() {
        let Err(error) = generate("v9", &panicking_document(), false) else {
            panic!("progenitor generated a client for two request media types");
        };
        assert!(
            matches!(&error, ClientError::Panicked { message, .. } if message.contains("more media types than expected")),
            "{error}"
        );
    }

    /// What a probe thread's panic message says; the hook below counts only these.
    const PROBE: &str = "probe panic outside any generation";

    #[test]
    fn generations_in_parallel_neither_silence_nor_swap_other_threads_panic_hook() {
        // Count the probes' panics in the hook, and defer everything else to the hook before.
        let probes_seen = Arc::new(AtomicUsize::new(0));
        let previous = panic::take_hook();
        let seen = Arc::clone(&probes_seen);
        panic::set_hook(Box::new(move |info| {
            if info.payload().downcast_ref::<&str>() == Some(&PROBE) {
                seen.fetch_add(1, Ordering::SeqCst);
            } else {
                previous(info);
            }
        }));

        const GENERATORS: usize = 6;
        const ROUNDS: usize = 8;
        let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let start = Arc::new(Barrier::new(GENERATORS + 1));
        let expected = generate("v1", &sound_document(), false).unwrap().text;
        let generators: Vec<_> = (0..GENERATORS)
            .map(|n| {
                let start = Arc::clone(&start);
                let expected = expected.clone();
                std::thread::spawn(move || {
                    start.wait();
                    for round in 0..ROUNDS {
                        if (n + round) % 2 == 0 {
                            let error = generate("v9", &panicking_document(), false).err();
                            assert!(
                                matches!(&error, Some(ClientError::Panicked { message, .. }) if message.contains("more media types")),
                                "{error:?}"
                            );
                        } else {
                            let code = generate("v1", &sound_document(), false).unwrap();
                            assert!(code.text == expected, "a generation in parallel differs");
                        }
                    }
                })
            })
            .collect();
        // Meanwhile, another thread panics over and over; its hook must see every panic.
        let probing = Arc::clone(&done);
        let probe = std::thread::spawn(move || {
            start.wait();
            let mut raised = 0;
            while !probing.load(Ordering::SeqCst) {
                assert!(panic::catch_unwind(|| panic::panic_any(PROBE)).is_err());
                raised += 1;
            }
            raised
        });
        for generator in generators {
            generator.join().unwrap();
        }
        done.store(true, Ordering::SeqCst);
        let raised = probe.join().unwrap();
        // And after every generation ended, the hook in place still reports panics.
        std::thread::spawn(|| panic::catch_unwind(|| panic::panic_any(PROBE))).join().unwrap().ok();

        assert_eq!(
            probes_seen.load(Ordering::SeqCst),
            raised + 1,
            "panics of threads that generate nothing were silenced while clients were generated"
        );
    }
}
