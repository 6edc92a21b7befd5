using Microsoft.EntityFrameworkCore.Migrations;

namespace Timeline.Web.Data.Migrations;

/// <summary>
/// The triggers that keep the full-text index of events (migration Search) in step with the Events table. A SQLite
/// table rebuild of Events (EF Core does one to add a foreign key) drops them, so such a migration calls
/// <see cref="RecreateForEvents"/> after it; a test checks that every search trigger survives the migrations.
/// </summary>
internal static class SearchTriggers
{
    public static void CreateForEvents(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TRIGGER "SearchEvents_AfterInsert" AFTER INSERT ON "Events" BEGIN
                INSERT INTO "SearchEvents"(rowid, "Title", "Summary") VALUES (new."Id", new."Title", new."Summary");
            END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "SearchEvents_AfterDelete" AFTER DELETE ON "Events" BEGIN
                INSERT INTO "SearchEvents"("SearchEvents", rowid, "Title", "Summary") VALUES ('delete', old."Id", old."Title", old."Summary");
            END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "SearchEvents_AfterUpdate" AFTER UPDATE OF "Title", "Summary" ON "Events" BEGIN
                INSERT INTO "SearchEvents"("SearchEvents", rowid, "Title", "Summary") VALUES ('delete', old."Id", old."Title", old."Summary");
                INSERT INTO "SearchEvents"(rowid, "Title", "Summary") VALUES (new."Id", new."Title", new."Summary");
            END;
            """);
    }

    /// <summary>Puts the event triggers back after a rebuild of Events and re-indexes what the table holds.</summary>
    public static void RecreateForEvents(MigrationBuilder migrationBuilder)
    {
        foreach (var change in new[] { "Insert", "Delete", "Update" })
        {
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "SearchEvents_After{change}";""");
        }

        CreateForEvents(migrationBuilder);
        migrationBuilder.Sql("""INSERT INTO "SearchEvents"("SearchEvents") VALUES ('rebuild');""");
    }
}
