-- Items. `seq` orders lists (oldest first); ids are the API's UUIDs.

CREATE TABLE items (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id         uuid NOT NULL UNIQUE,
    name       text NOT NULL,
    created_at timestamptz NOT NULL
);

-- One item per name: concurrent creates of one name give one row and one unique violation,
-- answered as 409 conflict.
CREATE UNIQUE INDEX items_name_unique ON items (name);
