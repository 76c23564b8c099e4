-- A third application schema for --fix: quoted mixed-case names, a CHECK calling a SQL function, composite
-- primary and foreign keys, money, tsvector (and its gin index), inet, bytea, interval, a shared sequence, INHERITS,
-- a comment on a PL/pgSQL function.
create schema lib;
create function lib.is_isbn(t text) returns boolean language sql immutable as $$ select t ~ '^[0-9-]{10,17}$' $$;
create table lib."Books" (isbn text primary key check (lib.is_isbn(isbn)), title text not null, "Pages" int, price money, search tsvector, cover bytea);
create index books_search on lib."Books" using gin (search);
create table lib.copies (isbn text not null references lib."Books"(isbn) on delete cascade, copy_no int not null, shelf text, primary key (isbn, copy_no));
create table lib.loans (isbn text not null, copy_no int not null, borrower inet, due interval, foreign key (isbn, copy_no) references lib.copies(isbn, copy_no));
create sequence lib.ticket start 500 cache 1;
create table lib.fines (id bigint primary key default nextval('lib.ticket'), amount numeric(8,2));
create table lib.base_event (at timestamptz not null default now(), what text);
create table lib.checkout_event (isbn text) inherits (lib.base_event);
create function lib.note() returns trigger language plpgsql as $$ begin return new; end $$;
comment on function lib.note() is 'note things';
create view lib.shelf_counts as select shelf, count(*) from lib.copies group by shelf;
insert into lib."Books" select lpad(g::text, 10, '0'), E'Title \\ ' || g, g % 400, (g % 50)::money, to_tsvector('simple', 'book ' || g), decode(md5(g::text), 'hex') from generate_series(1, 3300) g;
insert into lib.copies select isbn, c, 'S' || (c % 7) from lib."Books", generate_series(1, 2) c;
insert into lib.loans select isbn, 1, '10.0.0.1', interval '14 days' from lib."Books" limit 100;
insert into lib.fines (amount) select g / 3.0 from generate_series(1, 20) g;
insert into lib.checkout_event (what, isbn) select 'out', isbn from lib."Books" limit 10;
