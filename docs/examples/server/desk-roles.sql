-- One database role per desk computer (a branch's desks, the bookmobile laptop, the kiosk
-- server), with only the rights the program needs day to day: read and write rows.
-- The tables stay owned by "workstation", the role that creates and migrates them; a desk
-- role cannot create, alter or drop tables, and the audit trail refuses UPDATE and DELETE
-- whoever asks.
--
-- Run once, as the owner or postgres, in the program's database:
--   sudo -u postgres psql -d library -f desk-roles.sql
-- then one CREATE ROLE line per computer (see the end).

CREATE ROLE library_desks NOLOGIN;
GRANT CONNECT ON DATABASE library TO library_desks;
GRANT USAGE ON SCHEMA public TO library_desks;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO library_desks;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO library_desks;
-- tables a later program version adds get the same rights when "workstation" creates them
ALTER DEFAULT PRIVILEGES FOR ROLE workstation IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO library_desks;
ALTER DEFAULT PRIVILEGES FOR ROLE workstation IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO library_desks;

-- One login per computer, named for where it stands, so that pg_hba.conf, the server's log
-- and a lost laptop can be dealt with one computer at a time:
CREATE ROLE xiangyuan_desk1 LOGIN PASSWORD 'a-long-password-for-this-computer' IN ROLE library_desks;
