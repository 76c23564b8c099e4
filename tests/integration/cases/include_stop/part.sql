select 1 as in_part;
select 1/0;
select 2 as not_reached;
