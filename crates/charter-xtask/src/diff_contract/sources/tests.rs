//! Pointers to targets: what part of a schema or operation a pointer reaches.

use serde_json::json;

use super::{Target, target};

fn schema(component: &str, member: Option<&str>) -> Option<Target> {
    Some(Target::Schema { component: component.to_owned(), member: member.map(str::to_owned) })
}

#[test]
fn pointers_reach_the_first_property_or_enum_value() {
    let document = json!({
        "components": {"schemas": {
            "User": {"properties": {"tags": {"items": {"enum": ["a", "b"]}}}},
            "Status": {"enum": ["open", "void"]},
            "Currency": {"oneOf": [
                {"type": "string", "enum": ["CHF"], "description": "Swiss franc."},
                {"type": "string", "const": "EUR"},
            ]},
            "a/b": {"properties": {"x": {}}}
        }},
        "paths": {"/v1/users/{id}": {"get": {"parameters": [
            {"name": "id", "in": "path"},
            {"name": "page", "in": "query"},
            {"name": "X-Trace", "in": "header"}
        ]}}}
    });
    let cases = [
        ("/components/schemas/User", schema("User", None)),
        ("/components/schemas/User/properties/tags", schema("User", Some("tags"))),
        ("/components/schemas/User/properties/tags/items/enum/1", schema("User", Some("tags"))),
        ("/components/schemas/Status/enum/1", schema("Status", Some("void"))),
        ("/components/schemas/Status/enum", schema("Status", None)),
        ("/components/schemas/Currency/oneOf/0", schema("Currency", Some("CHF"))),
        ("/components/schemas/Currency/oneOf/1/const", schema("Currency", Some("EUR"))),
        ("/components/schemas/a~1b/properties/x", schema("a/b", Some("x"))),
        (
            "/paths/~1v1~1users~1{id}/get/parameters/1/schema",
            Some(Target::Parameter {
                method: "get".to_owned(),
                path: "/v1/users/{id}".to_owned(),
                location: "query".to_owned(),
                name: "page".to_owned(),
            }),
        ),
        ("/paths/~1v1~1users~1{id}/get/parameters/2", None),
        ("/paths/~1v1~1users~1{id}/get", None),
        ("", None),
        ("/components/responses/Error", None),
    ];
    for (pointer, expected) in cases {
        assert_eq!(target(&document, pointer), expected, "{pointer}");
    }
}
