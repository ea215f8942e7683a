//! `/v1` and `/v2` share one store: what one version writes, the other reads in its own shape.

use e2e_tests::{ALL_SCOPES, TestServer};

#[tokio::test]
async fn an_invoice_created_through_v2_reads_back_through_v1_and_the_reverse() {
    use billing_client_v1::types as v1;
    use billing_client_v2::types as v2;
    let server = TestServer::start().await;
    let token = server.token("ada", &ALL_SCOPES);
    let (one, two) = (server.v1(Some(&token)), server.v2(Some(&token)));

    let ada = one
        .create_user()
        .body(v1::NewUser {
            email: "ada@example.com".parse().unwrap(),
            name: "Ada King Lovelace".parse().unwrap(),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    let ada_v2 = two.get_user().user_id(ada.id.0).send().await.unwrap().into_inner();
    assert_eq!(ada_v2.given_name.as_str(), "Ada");
    assert_eq!(ada_v2.family_name.unwrap().as_str(), "King Lovelace");

    let through_v2 = two
        .create_invoice()
        .body(v2::NewInvoice {
            user_id: ada_v2.id.clone(),
            amount: v2::Money { minor_units: v2::MinorUnits(1250), currency: v2::Currency::Usd },
            memo: "Made in v2".parse().unwrap(),
            due_date: chrono::NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    let in_v1 = one.get_invoice().invoice_id(through_v2.id.0).send().await.unwrap().into_inner();
    assert_eq!((in_v1.amount.0, in_v1.currency), (12.5, v1::Currency::Usd));
    assert_eq!(in_v1.memo.as_str(), "Made in v2");

    let through_v1 = one
        .create_invoice()
        .body(v1::NewInvoice {
            user_id: ada.id.clone(),
            amount: v1::Amount(99.99),
            currency: v1::Currency::Eur,
            memo: "Made in v1".parse().unwrap(),
            due_date: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    let in_v2 = two.get_invoice().invoice_id(through_v1.id.0).send().await.unwrap().into_inner();
    assert_eq!((in_v2.amount.minor_units.0, in_v2.amount.currency), (9999, v2::Currency::Eur));

    let grace = two
        .create_user()
        .body(v2::NewUser {
            email: "grace@example.com".parse().unwrap(),
            given_name: "Grace".parse().unwrap(),
            family_name: Some("Hopper".parse().unwrap()),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    let grace_v1 = one.get_user().user_id(grace.id.0).send().await.unwrap().into_inner();
    assert_eq!(grace_v1.name.as_str(), "Grace Hopper");
    let listed = one.list_invoices().user_id(ada.id).send().await.unwrap().into_inner();
    assert_eq!(listed.total, 2, "both invoices, whichever version made them");
}
