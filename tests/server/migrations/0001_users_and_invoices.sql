-- Users and invoices, in the most precise shape any version of the API has.
-- `seq` orders lists (oldest first) and places cursors; ids are the API's UUIDs.
-- Money is integer minor units (bigint: exact, no float ever touches it) with its currency.

CREATE TABLE users (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          uuid NOT NULL UNIQUE,
    email       text NOT NULL,
    given_name  text NOT NULL,
    family_name text,
    created_at  timestamptz NOT NULL,
    -- A deleted user keeps its row, so that its id still places a cursor.
    deleted_at  timestamptz
);

-- One live user per e-mail address, compared without case: concurrent creates of one address
-- give one row and one unique violation, answered as 409 conflict.
CREATE UNIQUE INDEX users_email_unique ON users (lower(email)) WHERE deleted_at IS NULL;

CREATE TABLE invoices (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           uuid NOT NULL UNIQUE,
    user_id      uuid NOT NULL REFERENCES users (id),
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    currency     text NOT NULL,
    status       text NOT NULL,
    memo         text NOT NULL,
    due_date     date NOT NULL,
    created_at   timestamptz NOT NULL
);

CREATE INDEX invoices_user_id ON invoices (user_id, seq);
