//! `/v1`: the first version, **stable**. Items with a name, listed one page at a time.
//!
//! **Frozen.** `cargo xtask diff-contract` fails on any breaking change to what this module
//! emits. Breaking changes go to a new version (`v2.rs`, starting as `Stability::Beta`), which
//! imports from here every type it keeps.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use charter_contract::{
    Endpoint, ErrorCode, Method, NoBody, NoParams, Stability, Version, constrained_integer,
    constrained_string,
};

// ---------------------------------------------------------------------------------------------
// Identifiers and constrained values
// ---------------------------------------------------------------------------------------------

/// The identifier of an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(transparent)]
pub struct ItemId(
    #[cfg_attr(
        feature = "proptest",
        proptest(strategy = "charter_contract::strategies::uuid()")
    )]
    pub Uuid,
);

/// Only the hyphenated form the document's `format: uuid` allows.
impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        charter_contract::formats::parse_uuid(&text)
            .map(ItemId)
            .map_err(serde::de::Error::custom)
    }
}

constrained_string! {
    /// An item's name as people write it.
    pub struct ItemName { length: 1..=100 }
}

constrained_integer! {
    /// A page number, counted from 1.
    pub struct Page(u32) { range: 1..=100_000 }
}

constrained_integer! {
    /// How many items a page holds.
    pub struct PerPage(u32) { range: 1..=100 }
}

impl Default for Page {
    fn default() -> Self {
        Page::MIN
    }
}

impl Default for PerPage {
    fn default() -> Self {
        PerPage(20)
    }
}

// ---------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------

/// Something the service keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
pub struct Item {
    /// Assigned by the server.
    pub id: ItemId,
    /// What the item is called.
    pub name: ItemName,
    /// When the item was created.
    #[serde(
        serialize_with = "charter_contract::formats::timestamp::serialize",
        deserialize_with = "charter_contract::formats::timestamp::deserialize"
    )]
    #[cfg_attr(
        feature = "proptest",
        proptest(strategy = "charter_contract::strategies::instant()")
    )]
    pub created_at: DateTime<Utc>,
}

/// The fields of an item to create.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
#[serde(deny_unknown_fields)]
pub struct NewItem {
    /// What the item is called.
    pub name: ItemName,
}

/// One page of items, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
pub struct ItemList {
    /// The items on this page.
    #[cfg_attr(
        feature = "proptest",
        proptest(strategy = "charter_contract::strategies::few()")
    )]
    pub items: Vec<Item>,
    /// This page's number.
    pub page: Page,
    /// The page size asked for.
    pub per_page: PerPage,
    /// How many items there are in all.
    pub total: u64,
}

/// Query parameters of `GET /v1/items`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(deny_unknown_fields)]
pub struct ListItemsQuery {
    /// Which page to return.
    #[serde(default)]
    pub page: Page,
    /// How many items per page.
    #[serde(default)]
    pub per_page: PerPage,
}

/// Path parameters of `/v1/items/{item_id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub struct ItemPath {
    /// The item.
    pub item_id: ItemId,
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

/// `GET /v1/items`.
#[derive(Debug)]
pub struct ListItems;

impl Endpoint for ListItems {
    const OPERATION_ID: &'static str = "listItems";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v1/items";
    const TAG: &'static str = "items";
    const SUMMARY: &'static str = "List items, one page at a time";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED];
    type Path = NoParams;
    type Query = ListItemsQuery;
    type Request = NoBody;
    type Response = ItemList;
}

/// `POST /v1/items`.
#[derive(Debug)]
pub struct CreateItem;

impl Endpoint for CreateItem {
    const OPERATION_ID: &'static str = "createItem";
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/v1/items";
    const TAG: &'static str = "items";
    const SUMMARY: &'static str = "Create an item";
    const SUCCESS: u16 = 201;
{{^postgres}}
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED];
{{/postgres}}
{{#postgres}}
    /// `409 conflict` when an item has the name already: names are unique.
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED, ErrorCode::CONFLICT];
{{/postgres}}
    type Path = NoParams;
    type Query = NoParams;
    type Request = NewItem;
    type Response = Item;
}

/// `GET /v1/items/{item_id}`.
#[derive(Debug)]
pub struct GetItem;

impl Endpoint for GetItem {
    const OPERATION_ID: &'static str = "getItem";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v1/items/{item_id}";
    const TAG: &'static str = "items";
    const SUMMARY: &'static str = "Get an item";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED, ErrorCode::NOT_FOUND];
    type Path = ItemPath;
    type Query = NoParams;
    type Request = NoBody;
    type Response = Item;
}

/// The description of `/v1`.
#[must_use]
pub fn version() -> Version {
    Version::new("v1", Stability::Stable, "1.0.0")
        .description(
            "Version 1 is **stable**: it never changes in a way that breaks a client. Lists are \
             paginated by page number.",
        )
        .operation::<ListItems>()
        .operation::<CreateItem>()
        .operation::<GetItem>()
        .schema::<ItemId>()
        .schema::<ItemName>()
        .schema::<Page>()
        .schema::<PerPage>()
        .schema::<Item>()
        .schema::<NewItem>()
        .schema::<ItemList>()
}

charter_contract::object_only!(Item, NewItem, ItemList);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constrained_values_reject_out_of_range_json() {
        assert!(serde_json::from_str::<PerPage>("0").is_err());
        assert!(serde_json::from_str::<PerPage>("101").is_err());
        assert_eq!(serde_json::from_str::<PerPage>("100").unwrap().get(), 100);
        assert!(serde_json::from_str::<ItemName>("\"\"").is_err());
        let message = serde_json::from_str::<ItemName>(&format!("\"{}\"", "x".repeat(101)))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("between 1 and 100 characters long, not 101"),
            "{message}"
        );
    }

    #[test]
    fn query_defaults_apply_when_absent() {
        let query: ListItemsQuery = serde_json::from_str("{}").unwrap();
        assert_eq!((query.page.get(), query.per_page.get()), (1, 20));
    }

    #[test]
    fn requests_are_objects_without_unknown_fields() {
        assert!(serde_json::from_str::<NewItem>(r#"{"name": "Anvil"}"#).is_ok());
        assert!(serde_json::from_str::<NewItem>(r#"["Anvil"]"#).is_err());
        assert!(serde_json::from_str::<NewItem>(r#"{"name": "Anvil", "id": "x"}"#).is_err());
    }
}
