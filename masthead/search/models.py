"""The search app has no models: its index is FTS5 tables (SQLite) or GIN indexes
(PostgreSQL) over the stories' and comments' own tables, made by its migrations (see
``schema``). This module exists so that Django sends the app ``post_migrate``."""
