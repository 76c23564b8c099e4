-- about: \sf and \sf+: functions, procedures, SQL-standard bodies, the body's line numbers, lookup errors
create function f1(a int, b text default 'x') returns int language sql immutable strict as $$ select a + 1 $$;
create function f1(a text) returns text language sql as 'select a';
create function f2(int) returns int language sql begin atomic select $1 + 1; select 2; end;
create function f3(int) returns int language sql return $1 * 2;
create function "Mixed Case"() returns setof record language sql security definer cost 5 rows 3
  set search_path = public as 'select 1, 2';
create procedure p1(x int) language plpgsql as $$
begin
  raise notice 'x %', x;
end
$$;
create function plain_body() returns int language plpgsql as $$begin
  return 1; end$$;
create schema s;
create function s.f3(x integer, out y integer, inout z text) language sql as 'select 1, z';
\sf f1(int, text)
\sf+ f1(integer,text)
\sf f1
\sf f1(int)
\sf f2
\sf+ f2
\sf+ f3
\sf "Mixed Case"
\sf+ "Mixed Case"()
\sf p1
\sf+ p1
\sf+ plain_body
\sf s.f3
\sf+ s.f3(int, text)
\sf pg_catalog.abs(int)
\sf+ pg_catalog.abs(integer)
\sf+ pg_catalog.lower
\sf sum(int)
\sf count(*)
\sf nosuch
\sf nosuch(int)
\sf f1(nosuchtype)
\sf f1(
\sf f1 int
\sf
\sf+
\sf ;
\sf f3 ;;
\sf   F3(INT)  ;
\sf f3 \echo not a command here
\set fname f3
\sf :fname
\sf+ information_schema._pg_index_position
\sf+ ts_debug(text)
