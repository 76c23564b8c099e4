select 'leaf' as where_am_i
