-- Names are unique among what everyone can see: a public endpoint's or model's name is copied into
-- public_name (null while private), whose unique index refuses a second public thing of the same
-- name. Where public duplicates exist from before, the oldest keeps the claim; the others keep their
-- visibility and get the claim only if they are made public again after it is released.
alter table endpoints add column public_name varchar(64);
update endpoints set public_name = name
    where visibility = 'public'
      and not exists (select 1 from endpoints older
                      where older.visibility = 'public' and older.name = endpoints.name
                        and (older.created_at < endpoints.created_at
                             or (older.created_at = endpoints.created_at and older.id < endpoints.id)));
create unique index endpoints_public_name_unique on endpoints (public_name);

alter table models add column public_name varchar(128);
update models set public_name = name
    where visibility = 'public'
      and not exists (select 1 from models older
                      where older.visibility = 'public' and older.name = models.name
                        and (older.created_at < models.created_at
                             or (older.created_at = models.created_at and older.id < models.id)));
create unique index models_public_name_unique on models (public_name);

-- A public model's owner may withdraw it (make it private or delete it) while other users'
-- endpoints serve it: those endpoints are stopped, and a deleted model leaves them without one
-- (they can no longer start; their owners delete them or deploy another model).
alter table endpoints drop constraint endpoints_model_fk;
alter table endpoints add constraint endpoints_model_fk
    foreign key (model_id) references models (id) on delete set null;
alter table endpoints drop constraint endpoints_model_check;
alter table endpoints add constraint endpoints_model_check
    check (runtime = 'openai-compatible' or resource_id is not null);
