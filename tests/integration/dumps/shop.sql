-- An application-like schema for --fix's end-to-end test: serial keys, an enum, a domain, arrays, partitions,
-- a trigger and its PL/pgSQL function, a SQL function and a view over it, a materialized view, unique, check and
-- foreign keys, comments, a grant, tables above 3,000 rows, text with tabs, newlines, backslashes and non-ASCII.
create type order_status as enum ('new', 'paid', 'shipped');
create domain email as text check (value like '%@%');
create table customers (id serial primary key, email email not null unique, name text, tags text[], created timestamptz default now());
create table orders (id bigserial primary key, customer_id int not null references customers(id), status order_status not null default 'new', total numeric(10,2) check (total >= 0), note text);
create index orders_customer_idx on orders (customer_id);
create index orders_status_idx on orders using btree (status desc);
create table events (id bigint generated always as identity, at timestamptz not null, kind text, primary key (id)) ;
create table measurements (city int, logdate date not null, peak int) partition by range (logdate);
create table measurements_2025 partition of measurements for values from ('2025-01-01') to ('2026-01-01');
create table measurements_2026 partition of measurements for values from ('2026-01-01') to ('2027-01-01');
create function touch() returns trigger language plpgsql as $$ begin new.created := now(); return new; end $$;
create trigger customers_touch before update on customers for each row execute function touch();
create function total_of(c int) returns numeric language sql stable as $$ select coalesce(sum(total),0) from orders where customer_id = c $$;
create view customer_totals as select c.id, c.name, total_of(c.id) as total from customers c;
create materialized view status_counts as select status, count(*) from orders group by status;
comment on table customers is 'people who buy';
comment on column orders.note is 'free text';
do $$ begin create role shop_reader; exception when duplicate_object then null; end $$;
grant select on customers to shop_reader;
create table line_items (order_id bigint not null references orders(id), line int not null, sku text not null, qty int not null check (qty > 0), primary key (order_id, line));
create unique index line_items_sku_idx on line_items (order_id, sku);
insert into customers (email, name, tags) select 'u'||g||'@x.com', E'name\t'||g||E'\nline2 \\ é', array['a','b,c'] from generate_series(1, 3500) g;
insert into orders (customer_id, status, total, note) select 1 + g % 3500, (array['new','paid','shipped'])[1 + g % 3]::order_status, g / 10.0, null from generate_series(1, 4000) g;
insert into events (at, kind) select now(), 'k' from generate_series(1, 10);
insert into measurements values (1, '2025-05-01', 10), (2, '2026-05-01', 20);
insert into line_items select 1 + g % 4000, g, 'sku-' || g, 1 + g % 5 from generate_series(1, 5000) g;
