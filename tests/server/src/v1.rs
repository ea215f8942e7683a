//! `/v1`: names as one string, amounts as decimal numbers, pages by number.

use charter_contract::NoBody;
use charter_server::{ApiError, Input, Routes};
use contracts::v1::{
    Amount, CreateInvoice, CreateUser, Currency, DeleteUser, GetInvoice, GetUser, Invoice,
    InvoiceId, InvoiceList, ListInvoices, ListUsers, PersonName, UpdateUser, User, UserList,
};
use contracts::v2::MinorUnits;

use crate::Billing;
use crate::store::{
    InvoiceFilter, InvoiceRecord, NewUserRecord, Store, UserChange, UserRecord, now,
};

pub(crate) fn routes<S: Store>(routes: Routes<Billing<S>>) -> Routes<Billing<S>> {
    routes
        .add::<ListUsers>(list_users::<S>)
        .add::<CreateUser>(create_user::<S>)
        .add::<GetUser>(get_user::<S>)
        .add::<UpdateUser>(update_user::<S>)
        .add::<DeleteUser>(delete_user::<S>)
        .add::<ListInvoices>(list_invoices::<S>)
        .add::<CreateInvoice>(create_invoice::<S>)
        .add::<GetInvoice>(get_invoice::<S>)
}

/// `given family`, cut to the 100 characters a v1 name may have.
fn full_name(record: &UserRecord) -> PersonName {
    let Some(family) = &record.family_name else { return record.given_name.clone() };
    let joined: String = format!("{} {}", record.given_name, family).chars().take(100).collect();
    PersonName::new(joined).unwrap_or_else(|_| record.given_name.clone())
}

/// Splits a v1 name at its first space into given and family name, so that joining them with
/// one space gives the name back exactly.
pub(crate) fn split_name(name: PersonName) -> (PersonName, Option<PersonName>) {
    if let Some((Ok(given), Ok(family))) = name
        .as_str()
        .split_once(' ')
        .map(|(given, family)| (PersonName::new(given), PersonName::new(family)))
    {
        return (given, Some(family));
    }
    (name, None)
}

fn user(record: &UserRecord) -> User {
    User {
        id: record.id,
        email: record.email.clone(),
        name: full_name(record),
        created_at: record.created_at,
    }
}

fn invoice(record: &InvoiceRecord) -> Result<Invoice, ApiError> {
    let major = record.amount.get() as f64 / Currency::MINOR_PER_MAJOR as f64;
    let amount = Amount::new(major).map_err(|error| {
        ApiError::internal(format!("invoice {} has no v1 amount: {error}", record.id.0))
    })?;
    Ok(Invoice {
        id: record.id,
        user_id: record.user_id,
        amount,
        currency: record.currency,
        status: record.status,
        memo: record.memo.clone(),
        due_date: record.due_date,
        created_at: record.created_at,
    })
}

async fn list_users<S: Store>(
    billing: Billing<S>,
    input: Input<ListUsers>,
) -> Result<UserList, ApiError> {
    let query = input.query;
    let (records, total) = billing.store.user_page(query.page.get(), query.per_page.get()).await?;
    Ok(UserList {
        items: records.iter().map(user).collect(),
        page: query.page,
        per_page: query.per_page,
        total,
    })
}

async fn create_user<S: Store>(
    billing: Billing<S>,
    input: Input<CreateUser>,
) -> Result<User, ApiError> {
    let (given_name, family_name) = split_name(input.body.name);
    let record = billing
        .store
        .create_user(NewUserRecord { email: input.body.email, given_name, family_name })
        .await?;
    Ok(user(&record))
}

async fn get_user<S: Store>(billing: Billing<S>, input: Input<GetUser>) -> Result<User, ApiError> {
    Ok(user(&billing.store.user(input.path.user_id).await?))
}

async fn update_user<S: Store>(
    billing: Billing<S>,
    input: Input<UpdateUser>,
) -> Result<User, ApiError> {
    let mut change = UserChange { email: input.body.email, ..UserChange::default() };
    if let Some(name) = input.body.name {
        let (given_name, family_name) = split_name(name);
        change.given_name = Some(given_name);
        change.family_name = Some(family_name);
    }
    Ok(user(&billing.store.update_user(input.path.user_id, change).await?))
}

async fn delete_user<S: Store>(
    billing: Billing<S>,
    input: Input<DeleteUser>,
) -> Result<NoBody, ApiError> {
    billing.store.delete_user(input.path.user_id).await?;
    Ok(NoBody)
}

async fn list_invoices<S: Store>(
    billing: Billing<S>,
    input: Input<ListInvoices>,
) -> Result<InvoiceList, ApiError> {
    let query = input.query;
    let filter = InvoiceFilter { status: query.status, user_id: query.user_id };
    let (records, total) =
        billing.store.invoice_page(filter, query.page.get(), query.per_page.get()).await?;
    let items = records.iter().map(invoice).collect::<Result<_, _>>()?;
    Ok(InvoiceList { items, page: query.page, per_page: query.per_page, total })
}

async fn create_invoice<S: Store>(
    billing: Billing<S>,
    input: Input<CreateInvoice>,
) -> Result<Invoice, ApiError> {
    let body = input.body;
    // Amount's range times 100 is exactly MinorUnits' range, so this cannot fail for a valid
    // amount; the check stays in case the two ever drift apart.
    let minor = (body.amount.get() * Currency::MINOR_PER_MAJOR as f64).round() as i64;
    let amount =
        MinorUnits::new(minor).map_err(|error| ApiError::invalid("/amount", error.to_string()))?;
    let record = InvoiceRecord {
        id: InvoiceId(uuid::Uuid::new_v4()),
        user_id: body.user_id,
        amount,
        currency: body.currency,
        status: contracts::v1::InvoiceStatus::Draft,
        memo: body.memo,
        due_date: body.due_date,
        created_at: now(),
    };
    invoice(&billing.store.create_invoice(record).await?)
}

async fn get_invoice<S: Store>(
    billing: Billing<S>,
    input: Input<GetInvoice>,
) -> Result<Invoice, ApiError> {
    invoice(&billing.store.invoice(input.path.invoice_id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_the_first_space_and_join_back_exactly() {
        for name in ["Ada Lovelace", "Ada King Lovelace", "Plato", " Ada", "Ada ", "Ada  Lovelace"]
        {
            let (given, family) = split_name(PersonName::new(name).unwrap());
            let record = UserRecord {
                id: contracts::v1::UserId(uuid::Uuid::nil()),
                email: contracts::v1::Email::new("a@b.c").unwrap(),
                given_name: given,
                family_name: family,
                created_at: now(),
            };
            assert_eq!(full_name(&record).as_str(), name);
        }
    }
}
