using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class UniqueLabelNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Data written outside the editor may hold one name twice. Each name's rows are merged into its first
            // row: its events move there (once), then the other rows go, so the unique indexes below can be built.
            foreach (var (table, link, column) in new[] { ("Tags", "EventTags", "TagsId"), ("Actors", "EventActors", "ActorsId") })
            {
                migrationBuilder.Sql($"""
                    INSERT OR IGNORE INTO "{link}" ("EventsId", "{column}")
                    SELECT l."EventsId", (SELECT MIN(f."Id") FROM "{table}" AS f WHERE f."Name" = t."Name")
                    FROM "{link}" AS l JOIN "{table}" AS t ON t."Id" = l."{column}";
                    """);
                migrationBuilder.Sql($"""
                    DELETE FROM "{link}" WHERE "{column}" NOT IN (SELECT MIN("Id") FROM "{table}" GROUP BY "Name");
                    """);
                migrationBuilder.Sql($"""
                    DELETE FROM "{table}" WHERE "Id" NOT IN (SELECT MIN("Id") FROM "{table}" GROUP BY "Name");
                    """);
            }

            migrationBuilder.CreateIndex(
                name: "IX_Tags_Name",
                table: "Tags",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Actors_Name",
                table: "Actors",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tags_Name",
                table: "Tags");

            migrationBuilder.DropIndex(
                name: "IX_Actors_Name",
                table: "Actors");
        }
    }
}
