-- Containing an account: a disabled user's keys and sessions stop working; session_epoch grows when
-- a user's sessions must end (password change, disable), and sessions remember the epoch they began
-- in. auth_source says who checks the user's identity: 'password' (Hangar itself) until SSO arrives.
alter table users add column disabled boolean default false not null;
alter table users add column session_epoch integer default 0 not null;
alter table users add column auth_source varchar(16) default 'password' not null;
