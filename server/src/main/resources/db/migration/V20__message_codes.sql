-- Server messages carry a stable code and its parameters beside the English text, so that the UI
-- shows them in the reader's language (docs/api.md, Messages). Rows written before have no code;
-- their text is shown as it is.
alter table endpoint_events add column code varchar(100);
alter table endpoint_events add column params varchar(8000);
alter table endpoints add column state_reason_code varchar(100);
alter table endpoints add column state_reason_params varchar(4000);
