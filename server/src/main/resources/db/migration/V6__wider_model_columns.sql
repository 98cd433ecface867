-- Room for long names that real checkpoints carry (a PEFT base model given as a local path).
alter table models alter column architecture set data type varchar(128);
alter table models alter column tokenizer set data type varchar(64);
alter table models alter column adapter_for set data type varchar(1024);
alter table models alter column quantization set data type varchar(64);
