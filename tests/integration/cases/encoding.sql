-- about: \encoding shows and sets the client encoding
\encoding
\encoding LATIN1
\encoding
show client_encoding;
\encoding UTF8
\encoding nosuch
\encoding
select '日本' as s;
