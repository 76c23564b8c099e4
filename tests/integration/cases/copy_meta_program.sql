-- about: \copy from and to a program, and a program that fails
-- files: prog.txt
create table t(id int, name text);
\copy t from program 'printf "1\tone\n2\ttwo\n"'
\copy t to program 'cat > prog.txt'
\copy t from program 'exit 3'
\copy t to program 'cat > /dev/null; exit 4'
\copy t from program 'nosuchcommand_for_copy_test'
select * from t order by id;
