-- about: long option spellings, = and separate-argument forms
-- args: --no-psqlrc --quiet --echo-queries --file={script} --set=a=1 --variable b=2
-- args: --pset=border=2 --tuples-only --no-align --field-separator=, --record-separator=';'
-- args: --single-transaction --command='select 3 as c, 4 as d'
select :a as a, :b as b;
