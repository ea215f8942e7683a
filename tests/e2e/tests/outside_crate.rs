//! A crate outside the workspace depends on a generated client by path, builds, and calls the
//! reference server: the client crates are complete crates, not workspace-only code.

use std::path::{Path, PathBuf};
use std::process::Command;

use e2e_tests::{ALL_SCOPES, TestServer};

const CONSUMER_MAIN: &str = r#"
use billing_client_v1::errors::ApiErrorExt as _;
use billing_client_v1::{types, Client};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (url, token) = (args.next().expect("url"), args.next().expect("token"));
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
    let http = reqwest::Client::builder().default_headers(headers).build().unwrap();
    let client = Client::new_with_client(&url, http);

    let health = client.get_health().send().await.expect("health");
    println!("health: {:?}", health.status);
    let body = types::NewUser { email: "ada@example.com".parse().unwrap(), name: "Ada Lovelace".parse().unwrap() };
    let ada = client.create_user().body(body).send().await.expect("create").into_inner();
    println!("created: {}", ada.name.as_str());
    let nobody: types::UserId = "7c9e6679-7425-40de-944b-e07fc1f90ae7".parse().unwrap();
    let missing = client.get_user().user_id(nobody).send().await.unwrap_err();
    println!("missing: {:?}", missing.code());
}
"#;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crate_outside_the_workspace_uses_a_client_by_path() {
    let root = workspace_root();
    let consumer = tempfile::tempdir().unwrap();
    let client_path = root.join("generated/clients/billing-client-v1");
    std::fs::write(
        consumer.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"consumer\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nbilling-client-v1 = {{ path = {:?} }}\n\
             reqwest = {{ version = \"0.13\", default-features = false }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n\n[workspace]\n",
            client_path.display().to_string()
        ),
    )
    .unwrap();
    std::fs::create_dir(consumer.path().join("src")).unwrap();
    std::fs::write(consumer.path().join("src/main.rs"), CONSUMER_MAIN).unwrap();
    // The workspace's lock file pins the same versions, so the build needs no network.
    std::fs::copy(root.join("Cargo.lock"), consumer.path().join("Cargo.lock")).unwrap();

    let target_dir = root.join("target/outside-consumer");
    let manifest = consumer.path().join("Cargo.toml");
    let build = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--offline", "--manifest-path"])
            .arg(&manifest)
            .env("CARGO_TARGET_DIR", &target_dir)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        build.status.success(),
        "the consumer does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let server = TestServer::start().await;
    let token = server.token("consumer", &ALL_SCOPES);
    let binary = root.join("target/outside-consumer/debug/consumer");
    let url = server.url.clone();
    let run = tokio::task::spawn_blocking(move || {
        Command::new(binary).args([&url, &token]).output().unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(stdout, "health: Ok\ncreated: Ada Lovelace\nmissing: Some(NotFound)\n");
}
