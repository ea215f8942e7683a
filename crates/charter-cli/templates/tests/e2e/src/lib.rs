//! The generated client against the service on a loopback port: an item created through the
//! client reads back, and the errors the document lists come back typed.
#![cfg(test)]

use charter_server::auth::{Claims, DevKeys, JwtConfig};
use charter_server::{Config, LogSink};
use {{name_snake}}_client_v1::errors::ApiErrorExt as _;
use {{name_snake}}_client_v1::{Client, types};
use {{name_snake}}_contracts::{READ, WRITE};

/// A running service with its own store and key pair, and a client for it with a token
/// holding `scopes`.
async fn start(scopes: &[&str]) -> Client {
    let keys = DevKeys::generate().unwrap();
    let jwt = JwtConfig::for_api("{{name}}");
    let token = keys.mint(&Claims::new(&jwt, "e2e", scopes, 300)).unwrap();
    let config = Config::new(keys.verifier(jwt).unwrap()).with_log(LogSink::to(std::io::sink()));
{{^postgres}}
    let app = {{name_snake}}_server::app({{name_snake}}_server::Store::default()).unwrap();
{{/postgres}}
{{#postgres}}
    let app = {{name_snake}}_server::app({{name_snake}}_server::Memory::default()).unwrap();
{{/postgres}}
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(charter_server::serve(
        listener,
        app.into_router(&config),
        std::future::pending(),
    ));

    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    Client::new_with_client(&url, http)
}

#[tokio::test]
async fn an_item_created_through_the_client_reads_back() {
    let client = start(&[READ.name, WRITE.name]).await;
    let new = types::NewItem {
        name: "Anvil".parse().unwrap(),
    };
    let created = client.create_item().body(new).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let anvil = created.into_inner();

    let fetched = client
        .get_item()
        .item_id(anvil.id.clone())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(fetched, anvil);
    let listed = client.list_items().send().await.unwrap().into_inner();
    assert_eq!((listed.items, listed.total), (vec![anvil], 1));
}

#[tokio::test]
async fn documented_errors_come_back_typed() {
    let client = start(&[READ.name]).await;
    let id: types::ItemId = "3f9c2d4e-8b1a-4c7e-9d2f-6a5b4c3d2e1f".parse().unwrap();
    let missing = client.get_item().item_id(id).send().await.unwrap_err();
    assert_eq!(missing.code(), Some(types::ErrorCode::NotFound));

    let new = types::NewItem {
        name: "Tongs".parse().unwrap(),
    };
    let refused = client.create_item().body(new).send().await.unwrap_err();
    assert_eq!(
        refused.code(),
        Some(types::ErrorCode::Forbidden),
        "a token without write"
    );
}
