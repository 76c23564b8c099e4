-- about: a pg_dump 18 file (\restrict KEY ... \unrestrict KEY) restores under ON_ERROR_STOP, then meta-commands work
-- args: -X -v ON_ERROR_STOP=1 -f {script}
-- after: select a, b from public.dumped order by a
--
-- PostgreSQL database dump
--

\restrict Abc123

-- Dumped from database version 18.6
-- Dumped by pg_dump version 18.6

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET client_min_messages = warning;

CREATE TABLE public.dumped (
    a integer NOT NULL,
    b text
);

COPY public.dumped (a, b) FROM stdin;
1	x\\y
2	\\! echo not a command
\.

ALTER TABLE ONLY public.dumped
    ADD CONSTRAINT dumped_pkey PRIMARY KEY (a);

--
-- PostgreSQL database dump complete
--

\unrestrict Abc123
\echo restored
select count(*) from public.dumped;
