-- Version 6: listings read nothing but indexes until their page is found. The sort indexes of
-- the memberships carry the member's role and the other sort key, so a page has each
-- member's role from the same index entries that give its order, and a name or email filter
-- is tested on those entries whatever the order (an email filter on the name order read the
-- membership row of every member); a user's teams index carries the team and the role, so a
-- page's team roles are read from it alone, in order.
-- PostgreSQL's tables keep their rows apart from their primary key: the primary key, the id
-- order's index, carries the role and both keys as well, so that an id-ordered page, filters
-- and roles included, is read from an index alone there too (SQLite's WITHOUT ROWID tables
-- are their primary key).
DROP INDEX organization_members_by_name;
DROP INDEX organization_members_by_email;
DROP INDEX team_members_by_name;
DROP INDEX team_members_by_email;
DROP INDEX team_members_by_user;
CREATE INDEX organization_members_by_name ON organization_members(organization_id, name_key, user_id, role_id, email_key);
CREATE INDEX organization_members_by_email ON organization_members(organization_id, email_key, user_id, role_id, name_key);
CREATE INDEX team_members_by_name ON team_members(team_id, name_key, user_id, role_id, email_key);
CREATE INDEX team_members_by_email ON team_members(team_id, email_key, user_id, role_id, name_key);
CREATE INDEX team_members_by_user ON team_members(user_id, team_id, role_id);
ALTER TABLE organization_members DROP CONSTRAINT organization_members_pkey,
    ADD PRIMARY KEY (organization_id, user_id) INCLUDE (role_id, name_key, email_key);
ALTER TABLE team_members DROP CONSTRAINT team_members_pkey,
    ADD PRIMARY KEY (team_id, user_id) INCLUDE (role_id, name_key, email_key);
