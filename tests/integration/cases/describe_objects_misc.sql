-- about: \da \dc \dd \dL \dx \dX \dy (aggregates, conversions, descriptions, languages, extensions, statistics, event triggers)
-- args: -X -a -q
-- stdin: yes
CREATE SCHEMA app;
CREATE AGGREGATE my_sum(int) (sfunc = int4pl, stype = int);
CREATE AGGREGATE app.my_count(*) (sfunc = int8inc, stype = int8, initcond = '0');
COMMENT ON AGGREGATE my_sum(int) IS 'adds up';
CREATE DEFAULT CONVERSION app.myconv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
COMMENT ON CONVERSION app.myconv IS 'latin to utf';
CREATE TABLE t (a int CONSTRAINT a_pos CHECK (a > 0), b int);
COMMENT ON CONSTRAINT a_pos ON t IS 'a is positive';
CREATE DOMAIN posint AS integer CONSTRAINT pos CHECK (VALUE > 0);
COMMENT ON CONSTRAINT pos ON DOMAIN posint IS 'domain check';
CREATE RULE r_nothing AS ON DELETE TO t DO INSTEAD NOTHING;
COMMENT ON RULE r_nothing ON t IS 'never delete';
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';
CREATE TRIGGER t_trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();
COMMENT ON TRIGGER t_trg ON t IS 'on insert';
CREATE STATISTICS st_dep (dependencies) ON a, b FROM t;
CREATE STATISTICS app.st_all ON a, b FROM t;
CREATE FUNCTION evt() RETURNS event_trigger LANGUAGE plpgsql AS 'begin end';
CREATE EVENT TRIGGER myevt ON ddl_command_start WHEN TAG IN ('CREATE TABLE', 'DROP TABLE') EXECUTE FUNCTION evt();
CREATE EVENT TRIGGER other_evt ON sql_drop EXECUTE FUNCTION evt();
ALTER EVENT TRIGGER other_evt DISABLE;
COMMENT ON EVENT TRIGGER myevt IS 'watching';
\da
\daS my*
\dax app.*
\da+ my_sum
\dc
\dc+
\dcS utf8_to_iso*
\dcx app.myconv
\dd
\ddS a_pos
\dd r_*
\ddx t_trg
\ddS
\dL
\dL+
\dLS
\dLS+
\dL sql
\dLx plpgsql
\dx
\dx plpgsql
\dx nosuch
\dx+
\dx+ plpg*
\dxx plpgsql
\dX
\dX st*
\dX app.*
\dXx st_dep
\dy
\dy+
\dy my*
\dyx+ other_evt
