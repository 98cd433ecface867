-- Public dataset names are unique in the database too, as V15 made them for endpoints and models:
-- a public dataset's name is copied into public_name (null while private), whose unique index
-- refuses a second public dataset of the same name. Where public duplicates exist from before, the
-- oldest keeps the claim; the others keep their visibility and get the claim only if they are made
-- public again after it is released.
alter table datasets add column public_name varchar(128);
update datasets set public_name = name
    where visibility = 'public'
      and not exists (select 1 from datasets older
                      where older.visibility = 'public' and older.name = datasets.name
                        and (older.created_at < datasets.created_at
                             or (older.created_at = datasets.created_at and older.id < datasets.id)));
create unique index datasets_public_name_unique on datasets (public_name);
