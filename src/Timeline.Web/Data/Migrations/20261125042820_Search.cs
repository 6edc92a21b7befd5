using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search (SQLite FTS5). Each index is an external-content table over the real table, so no text is
            // stored twice and snippet() reads the live row by its primary key. Triggers keep the indexes in step with
            // every write, whoever makes it (EF, the seed, the generator, cascades). Which rows readers may see is
            // decided when searching, by joining to the live flags, so publishing or deleting needs no re-indexing.
            // Note for later migrations: a SQLite table rebuild (drop and re-create of Events, Excerpts or Sources)
            // drops these triggers; re-create them and run 'rebuild' (a test checks that they exist).
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchEvents" USING fts5(
                    "Title", "Summary", content='Events', content_rowid='Id', tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchExcerpts" USING fts5(
                    "Exact", content='Excerpts', content_rowid='Id', tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchSources" USING fts5(
                    "Title", "Text", content='Sources', content_rowid='Id', tokenize='unicode61 remove_diacritics 2');
                """);

            SearchTriggers.CreateForEvents(migrationBuilder);

            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchExcerpts_AfterInsert" AFTER INSERT ON "Excerpts" BEGIN
                    INSERT INTO "SearchExcerpts"(rowid, "Exact") VALUES (new."Id", new."Exact");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchExcerpts_AfterDelete" AFTER DELETE ON "Excerpts" BEGIN
                    INSERT INTO "SearchExcerpts"("SearchExcerpts", rowid, "Exact") VALUES ('delete', old."Id", old."Exact");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchExcerpts_AfterUpdate" AFTER UPDATE OF "Exact" ON "Excerpts" BEGIN
                    INSERT INTO "SearchExcerpts"("SearchExcerpts", rowid, "Exact") VALUES ('delete', old."Id", old."Exact");
                    INSERT INTO "SearchExcerpts"(rowid, "Exact") VALUES (new."Id", new."Exact");
                END;
                """);

            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchSources_AfterInsert" AFTER INSERT ON "Sources" BEGIN
                    INSERT INTO "SearchSources"(rowid, "Title", "Text") VALUES (new."Id", new."Title", new."Text");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchSources_AfterDelete" AFTER DELETE ON "Sources" BEGIN
                    INSERT INTO "SearchSources"("SearchSources", rowid, "Title", "Text") VALUES ('delete', old."Id", old."Title", old."Text");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchSources_AfterUpdate" AFTER UPDATE OF "Title", "Text" ON "Sources" BEGIN
                    INSERT INTO "SearchSources"("SearchSources", rowid, "Title", "Text") VALUES ('delete', old."Id", old."Title", old."Text");
                    INSERT INTO "SearchSources"(rowid, "Title", "Text") VALUES (new."Id", new."Title", new."Text");
                END;
                """);

            // Index what an existing database already holds.
            migrationBuilder.Sql("""INSERT INTO "SearchEvents"("SearchEvents") VALUES ('rebuild');""");
            migrationBuilder.Sql("""INSERT INTO "SearchExcerpts"("SearchExcerpts") VALUES ('rebuild');""");
            migrationBuilder.Sql("""INSERT INTO "SearchSources"("SearchSources") VALUES ('rebuild');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "SearchEvents", "SearchExcerpts", "SearchSources" })
            {
                foreach (var change in new[] { "Insert", "Delete", "Update" })
                {
                    migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_After{change}";""");
                }

                migrationBuilder.Sql($"""DROP TABLE IF EXISTS "{table}";""");
            }
        }
    }
}
