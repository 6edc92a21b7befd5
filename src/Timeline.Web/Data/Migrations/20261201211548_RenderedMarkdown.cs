using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class RenderedMarkdown : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The Markdown of summaries and descriptions rendered at save (Event.SetSummary, TimelineEntity.SetDescription),
            // so readers never render it. Added columns with a default: SQLite's ALTER TABLE ADD COLUMN, no table rebuild,
            // so the search triggers on Events stay as they are. Rows that exist already get their HTML at the next start,
            // in C# (RenderedMarkdownBackfill, called by PrepareDatabaseAsync): the HTML must come from the same renderer
            // as every save, which SQL cannot run.
            migrationBuilder.AddColumn<string>(
                name: "DescriptionHtml",
                table: "Timelines",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SummaryHtml",
                table: "Events",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite's own DROP COLUMN (3.35 and later) rather than DropColumn, which EF does by rebuilding the table and
            // so would drop the search triggers on Events. No trigger or index uses these columns.
            migrationBuilder.Sql("""ALTER TABLE "Timelines" DROP COLUMN "DescriptionHtml";""");
            migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "SummaryHtml";""");
        }
    }
}
