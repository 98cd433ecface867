-- Users and their API keys. Keys are stored only as HMAC-SHA-256 hashes (hex); the prefix is for
-- telling keys apart in lists. Deleting a user deletes their keys.
create table users (
    id            varchar(40)              not null primary key,
    username      varchar(64)              not null,
    password_hash varchar(100)             not null,
    role          varchar(16)              not null,
    created_at    timestamp with time zone not null,
    constraint users_username_unique unique (username),
    constraint users_role_check check (role in ('admin', 'user'))
);

create table api_keys (
    id           varchar(40)              not null primary key,
    user_id      varchar(40)              not null,
    name         varchar(100)             not null,
    prefix       varchar(16)              not null,
    key_hash     varchar(64)              not null,
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone,
    last_used_at timestamp with time zone,
    constraint api_keys_user_fk foreign key (user_id) references users (id) on delete cascade,
    constraint api_keys_hash_unique unique (key_hash),
    constraint api_keys_name_unique unique (user_id, name)
);

create index api_keys_user_idx on api_keys (user_id, created_at);
