-- about: \encoding shows and sets the client encoding
\encoding
\encoding LATIN1
\encoding
show client_encoding;
\encoding UTF8
\encoding nosuch
\encoding
select '日本' as s;
-- enough cells for the C row loader (printer.row_values), in each client encoding, aligned and csv
\pset format csv
\encoding SQL_ASCII
select g, 'é' || g as s from generate_series(1, 40) g;
\encoding LATIN1
select g, 'é' || g as s from generate_series(1, 40) g;
\encoding UTF8
select g, '日本' || g as s from generate_series(1, 40) g;
\pset format aligned
select g, '日本' || g as s from generate_series(1, 40) g;
