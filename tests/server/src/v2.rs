//! `/v2`: given and family name, exact money, cursor pagination.

use contracts::NoBody;
use contracts::v1::InvoiceId;
use contracts::v2::{
    CreateInvoice, CreateUser, Cursor, DeleteUser, GetInvoice, GetUser, Invoice, InvoicePage,
    ListInvoices, ListUsers, Money, UpdateUser, User, UserPage,
};

use crate::endpoint::{AppState, Input, Routes};
use crate::error::ApiError;
use crate::store::{InvoiceFilter, InvoiceRecord, NewUserRecord, UserChange, UserRecord, now};
use crate::v1::MAX_MAJOR_UNITS;

pub(crate) fn routes(routes: Routes) -> Routes {
    routes
        .add::<ListUsers>(list_users)
        .add::<CreateUser>(create_user)
        .add::<GetUser>(get_user)
        .add::<UpdateUser>(update_user)
        .add::<DeleteUser>(delete_user)
        .add::<ListInvoices>(list_invoices)
        .add::<CreateInvoice>(create_invoice)
        .add::<GetInvoice>(get_invoice)
}

fn user(record: &UserRecord) -> User {
    User {
        id: record.id,
        email: record.email.clone(),
        given_name: record.given_name.clone(),
        family_name: record.family_name.clone(),
        created_at: record.created_at,
    }
}

fn invoice(record: &InvoiceRecord) -> Invoice {
    Invoice {
        id: record.id,
        user_id: record.user_id,
        amount: Money { minor_units: record.amount, currency: record.currency },
        status: record.status,
        memo: record.memo.clone(),
        due_date: record.due_date,
        created_at: record.created_at,
    }
}

/// The position after which a page starts.
fn position(cursor: Option<&Cursor>) -> Result<u64, ApiError> {
    match cursor {
        None => Ok(0),
        Some(cursor) => {
            cursor.as_str().strip_prefix("after-").and_then(|seq| seq.parse().ok()).ok_or_else(
                || ApiError::invalid("query.cursor", "not a cursor this server handed out"),
            )
        }
    }
}

fn next_cursor(last: Option<u64>, more: bool) -> Option<Cursor> {
    last.filter(|_| more).and_then(|seq| Cursor::new(format!("after-{seq}")).ok())
}

fn list_users(state: &AppState, input: Input<ListUsers>) -> Result<UserPage, ApiError> {
    let store = state.store();
    let after = position(input.query.cursor.as_ref())?;
    let (page, more) = store.users_after(after, input.query.limit.get() as usize);
    let next_cursor = next_cursor(page.last().map(|(seq, _)| *seq), more);
    Ok(UserPage { items: page.into_iter().map(|(_, record)| user(record)).collect(), next_cursor })
}

fn create_user(state: &AppState, input: Input<CreateUser>) -> Result<User, ApiError> {
    let body = input.body;
    let record = state.store().create_user(NewUserRecord {
        email: body.email,
        given_name: body.given_name,
        family_name: body.family_name,
    })?;
    Ok(user(&record))
}

fn get_user(state: &AppState, input: Input<GetUser>) -> Result<User, ApiError> {
    Ok(user(state.store().user(input.path.user_id)?))
}

fn update_user(state: &AppState, input: Input<UpdateUser>) -> Result<User, ApiError> {
    let body = input.body;
    let change = UserChange {
        email: body.email,
        given_name: body.given_name,
        family_name: body.family_name,
    };
    Ok(user(&state.store().update_user(input.path.user_id, change)?))
}

fn delete_user(state: &AppState, input: Input<DeleteUser>) -> Result<NoBody, ApiError> {
    state.store().delete_user(input.path.user_id)?;
    Ok(NoBody)
}

fn list_invoices(state: &AppState, input: Input<ListInvoices>) -> Result<InvoicePage, ApiError> {
    let store = state.store();
    let query = input.query;
    let after = position(query.cursor.as_ref())?;
    let filter = InvoiceFilter { status: query.status, user_id: query.user_id };
    let (page, more) = store.invoices_after(filter, after, query.limit.get() as usize);
    let next_cursor = next_cursor(page.last().map(|(seq, _)| *seq), more);
    Ok(InvoicePage {
        items: page.into_iter().map(|(_, record)| invoice(record)).collect(),
        next_cursor,
    })
}

fn create_invoice(state: &AppState, input: Input<CreateInvoice>) -> Result<Invoice, ApiError> {
    let body = input.body;
    let scale = 10f64.powi(body.amount.currency.minor_digits() as i32);
    if body.amount.minor_units.get() as f64 / scale > MAX_MAJOR_UNITS {
        return Err(ApiError::invalid(
            "/amount/minor_units",
            format!("amounts are at most {MAX_MAJOR_UNITS} in major units of the currency"),
        ));
    }
    let record = InvoiceRecord {
        id: InvoiceId(uuid::Uuid::new_v4()),
        user_id: body.user_id,
        amount: body.amount.minor_units,
        currency: body.amount.currency,
        status: contracts::v1::InvoiceStatus::Draft,
        memo: body.memo,
        due_date: body.due_date,
        created_at: now(),
    };
    Ok(invoice(&state.store().create_invoice(record)?))
}

fn get_invoice(state: &AppState, input: Input<GetInvoice>) -> Result<Invoice, ApiError> {
    Ok(invoice(state.store().invoice(input.path.invoice_id)?))
}
