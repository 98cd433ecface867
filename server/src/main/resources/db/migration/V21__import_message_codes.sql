-- Model and dataset status reasons and events carry a message code and its parameters beside the
-- English text, as endpoint events do since V20 (docs/api.md, Messages). Rows written before have
-- no code; their text is shown as it is.
alter table model_events add column code varchar(100);
alter table model_events add column params varchar(4000);
alter table models add column status_reason_code varchar(100);
alter table models add column status_reason_params varchar(4000);
alter table dataset_events add column code varchar(100);
alter table dataset_events add column params varchar(4000);
alter table datasets add column status_reason_code varchar(100);
alter table datasets add column status_reason_params varchar(4000);
