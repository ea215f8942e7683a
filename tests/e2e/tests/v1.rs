//! The generated `/v1` client calls every `/v1` operation of a live reference server, on the
//! success path and on each documented error path.

use billing_client_v1::errors::ApiErrorExt as _;
use billing_client_v1::{Client, types};
use e2e_tests::{ALL_SCOPES, TestServer};

fn new_user(email: &str, name: &str) -> types::NewUser {
    types::NewUser { email: email.parse().unwrap(), name: name.parse().unwrap() }
}

fn new_invoice(user: &types::User, amount: f64, currency: types::Currency) -> types::NewInvoice {
    types::NewInvoice {
        user_id: user.id.clone(),
        amount: types::Amount(amount),
        currency,
        memo: "Consulting, March".parse().unwrap(),
        due_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    }
}

async fn create_user(client: &Client, email: &str, name: &str) -> types::User {
    client.create_user().body(new_user(email, name)).send().await.unwrap().into_inner()
}

#[tokio::test]
async fn users_are_created_read_listed_changed_and_deleted() {
    let server = TestServer::start().await;
    let token = server.token("ada", &ALL_SCOPES);
    let client = server.v1(Some(&token));

    let created = client
        .create_user()
        .body(new_user("ada@example.com", "Ada Lovelace"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let ada = created.into_inner();
    assert_eq!(ada.name.as_str(), "Ada Lovelace");

    let fetched = client.get_user().user_id(ada.id.clone()).send().await.unwrap().into_inner();
    assert_eq!(fetched.email.as_str(), "ada@example.com");
    assert_eq!(fetched.created_at, ada.created_at);

    for i in 0..4 {
        create_user(&client, &format!("user{i}@example.com"), &format!("User {i}")).await;
    }
    let first = client.list_users().per_page(std::num::NonZeroU32::new(2).unwrap()).send().await;
    let first = first.unwrap().into_inner();
    assert_eq!((first.items.len(), first.total, first.page.get()), (2, 5, 1));
    assert_eq!(first.items[0].id, ada.id, "oldest first");
    let last = client
        .list_users()
        .page(std::num::NonZeroU32::new(3).unwrap())
        .per_page(std::num::NonZeroU32::new(2).unwrap())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(last.items.len(), 1);
    assert_eq!(last.items[0].name.as_str(), "User 3");

    let patch = types::UserPatch { email: None, name: Some("Augusta Ada King".parse().unwrap()) };
    let changed =
        client.update_user().user_id(ada.id.clone()).body(patch).send().await.unwrap().into_inner();
    assert_eq!(changed.name.as_str(), "Augusta Ada King");
    assert_eq!(changed.email.as_str(), "ada@example.com", "absent fields keep their value");
    // A one-word name replaces the whole name: the old family name does not linger.
    let patch = types::UserPatch { email: None, name: Some("Plato".parse().unwrap()) };
    let changed =
        client.update_user().user_id(ada.id.clone()).body(patch).send().await.unwrap().into_inner();
    assert_eq!(changed.name.as_str(), "Plato");

    let deleted = client.delete_user().user_id(ada.id.clone()).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    let gone = client.get_user().user_id(ada.id.clone()).send().await.unwrap_err();
    assert_eq!(gone.code(), Some(types::ErrorCode::NotFound));
    assert_eq!(gone.status().map(|status| status.as_u16()), Some(404));
}

#[tokio::test]
async fn user_errors_decode_into_the_envelope() {
    let server = TestServer::start().await;
    let token = server.token("ada", &ALL_SCOPES);
    let client = server.v1(Some(&token));
    let ada = create_user(&client, "ada@example.com", "Ada Lovelace").await;

    let taken = client
        .create_user()
        .body(new_user("ADA@example.com", "Another Ada"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(taken.code(), Some(types::ErrorCode::Conflict));
    assert!(taken.envelope().unwrap().error.message.contains("belongs to another user"));

    let bob = create_user(&client, "bob@example.com", "Bob").await;
    let patch = types::UserPatch { email: Some("ada@example.com".parse().unwrap()), name: None };
    let clash = client.update_user().user_id(bob.id.clone()).body(patch).send().await.unwrap_err();
    assert_eq!(clash.code(), Some(types::ErrorCode::Conflict));

    let nobody: types::UserId = "7c9e6679-7425-40de-944b-e07fc1f90ae7".parse().unwrap();
    let patch = types::UserPatch { email: None, name: None };
    let missing =
        client.update_user().user_id(nobody.clone()).body(patch).send().await.unwrap_err();
    assert_eq!(missing.code(), Some(types::ErrorCode::NotFound));
    let missing = client.delete_user().user_id(nobody).send().await.unwrap_err();
    assert_eq!(missing.code(), Some(types::ErrorCode::NotFound));

    // The client's PerPage accepts any non-zero number; the server enforces the documented 100.
    let too_many = client
        .list_users()
        .per_page(std::num::NonZeroU32::new(500).unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(too_many.code(), Some(types::ErrorCode::ValidationFailed));
    let details = too_many.envelope().unwrap().error.details.clone();
    assert_eq!(details[0].field, "query.per_page");

    client
        .create_invoice()
        .body(new_invoice(&ada, 10.0, types::Currency::Usd))
        .send()
        .await
        .unwrap();
    let busy = client.delete_user().user_id(ada.id.clone()).send().await.unwrap_err();
    assert_eq!(busy.code(), Some(types::ErrorCode::Conflict));
}

#[tokio::test]
async fn invoices_are_created_read_and_filtered() {
    let server = TestServer::start().await;
    let token = server.token("ada", &ALL_SCOPES);
    let client = server.v1(Some(&token));
    let ada = create_user(&client, "ada@example.com", "Ada Lovelace").await;
    let bob = create_user(&client, "bob@example.com", "Bob").await;

    let created = client
        .create_invoice()
        .body(new_invoice(&ada, 12.5, types::Currency::Usd))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let invoice = created.into_inner();
    assert_eq!(
        (invoice.amount.0, invoice.currency, invoice.status),
        (12.5, types::Currency::Usd, types::InvoiceStatus::Draft)
    );
    client
        .create_invoice()
        .body(new_invoice(&bob, 3.0, types::Currency::Eur))
        .send()
        .await
        .unwrap();
    client
        .create_invoice()
        .body(new_invoice(&ada, 1000.0, types::Currency::Chf))
        .send()
        .await
        .unwrap();

    let fetched =
        client.get_invoice().invoice_id(invoice.id.clone()).send().await.unwrap().into_inner();
    assert_eq!(fetched.memo.as_str(), "Consulting, March");

    let adas = client.list_invoices().user_id(ada.id.clone()).send().await.unwrap().into_inner();
    assert_eq!((adas.items.len(), adas.total), (2, 2));
    let drafts = client
        .list_invoices()
        .status(types::InvoiceStatus::Draft)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(drafts.total, 3);
    let paid = client
        .list_invoices()
        .status(types::InvoiceStatus::Paid)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!((paid.items.len(), paid.total), (0, 0));

    let nobody: types::InvoiceId = "7c9e6679-7425-40de-944b-e07fc1f90ae7".parse().unwrap();
    let missing = client.get_invoice().invoice_id(nobody).send().await.unwrap_err();
    assert_eq!(missing.code(), Some(types::ErrorCode::NotFound));

    let mut orphan = new_invoice(&ada, 1.0, types::Currency::Usd);
    orphan.user_id = "00000000-0000-4000-8000-000000000000".parse().unwrap();
    let orphaned = client.create_invoice().body(orphan).send().await.unwrap_err();
    assert_eq!(orphaned.code(), Some(types::ErrorCode::NotFound));
    assert!(orphaned.envelope().unwrap().error.message.contains("no user has the id"));

    let negative = client
        .create_invoice()
        .body(new_invoice(&ada, -1.0, types::Currency::Usd))
        .send()
        .await
        .unwrap_err();
    assert_eq!(negative.code(), Some(types::ErrorCode::ValidationFailed));
    assert_eq!(negative.envelope().unwrap().error.details[0].field, "/amount");
}

#[tokio::test]
async fn health_answers_without_a_token() {
    let server = TestServer::start().await;
    let health = server.v1(None).get_health().send().await.unwrap().into_inner();
    assert_eq!(health.status, types::HealthStatus::Ok);
    assert_eq!(health.checks[0].name, e2e_tests::STORE_CHECK);
}
