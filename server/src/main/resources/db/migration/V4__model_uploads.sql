-- Models uploaded into the store: until the client says the upload is complete, the import waits.
alter table models add column upload_completed_at timestamp with time zone;
