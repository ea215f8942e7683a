//! The generated client against the service on a throwaway Postgres (charter-testing starts
//! it; Debian: `apt-get install postgresql`): items read back, a name created twice at once
//! gives one `201` and one `409`, `/health` checks the database, and a second instance on the
//! same database sees what the first wrote. Run with `cargo xtask test-services`.

#![cfg(feature = "services")]

use charter_server::auth::{Claims, DevKeys, JwtConfig};
use charter_server::{Config, LogSink};
use charter_testing::Postgres;
use {{name_snake}}_client_v1::errors::ApiErrorExt as _;
use {{name_snake}}_client_v1::{Client, types};
use {{name_snake}}_contracts::{READ, WRITE};

/// A running service on the database at `url`, and its address.
async fn start(keys: &DevKeys, url: &str) -> String {
    let config = Config::new(keys.verifier(JwtConfig::for_api("{{name}}")).unwrap())
        .with_log(LogSink::to(std::io::sink()));
    let database = {{name_snake}}_server::Postgres::connect(url).await.unwrap();
    let app = {{name_snake}}_server::app(database).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(charter_server::serve(
        listener,
        app.into_router(&config),
        std::future::pending(),
    ));
    address
}

/// A client of the service at `address` with a token of `keys` that reads and writes.
fn client(keys: &DevKeys, address: &str) -> Client {
    let jwt = JwtConfig::for_api("{{name}}");
    let token = keys
        .mint(&Claims::new(&jwt, "e2e", &[READ.name, WRITE.name], 300))
        .unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    Client::new_with_client(address, http)
}

/// A fresh database on the throwaway Postgres this test binary shares.
fn fresh_database() -> String {
    let postgres = Postgres::shared().unwrap_or_else(|error| panic!("{error}"));
    postgres
        .fresh_database()
        .unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test]
async fn items_read_back_and_a_second_instance_sees_them() {
    let keys = DevKeys::generate().unwrap();
    let url = fresh_database();
    let first = client(&keys, &start(&keys, &url).await);
    let new = types::NewItem {
        name: "Anvil".parse().unwrap(),
    };
    let created = first.create_item().body(new).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let anvil = created.into_inner();

    // Started on the same database: the migrations are there already, and so is the item.
    let second = client(&keys, &start(&keys, &url).await);
    let fetched = second
        .get_item()
        .item_id(anvil.id.clone())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(fetched, anvil);
    let listed = second.list_items().send().await.unwrap().into_inner();
    assert_eq!((listed.items, listed.total), (vec![anvil], 1));
}

#[tokio::test]
async fn one_name_created_twice_at_once_gives_one_201_and_one_409() {
    let keys = DevKeys::generate().unwrap();
    let url = fresh_database();
    let address = start(&keys, &url).await;
    let (a, b) = (client(&keys, &address), client(&keys, &address));
    let new = || types::NewItem {
        name: "Tongs".parse().unwrap(),
    };
    let (first, second) = tokio::join!(
        a.create_item().body(new()).send(),
        b.create_item().body(new()).send()
    );
    let (created, refused) = match (first, second) {
        (Ok(created), Err(refused)) | (Err(refused), Ok(created)) => (created, refused),
        (first, second) => panic!("expected one 201 and one 409: {first:?} {second:?}"),
    };
    assert_eq!(created.status(), 201);
    assert_eq!(refused.code(), Some(types::ErrorCode::Conflict));
    let listed = a.list_items().send().await.unwrap().into_inner();
    assert_eq!(listed.total, 1, "one row: {:?}", listed.items);
}

#[tokio::test]
async fn health_checks_the_database() {
    let keys = DevKeys::generate().unwrap();
    let address = start(&keys, &fresh_database()).await;
    let health = reqwest::get(format!("{address}/health")).await.unwrap();
    assert_eq!(health.status(), 200);
    let body = health.text().await.unwrap();
    assert!(
        body.contains(r#""name":"database","status":"ok""#),
        "{body}"
    );
}
