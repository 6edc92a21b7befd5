using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search on PostgreSQL, the counterpart of SQLite's FTS5 indexes (see the SQLite migration Search).
            // The text search configuration does what FTS5's 'unicode61 remove_diacritics 2' does: lower-case words,
            // accents removed, no stemming and no stop words, so a search finds the same rows on both engines.
            // Each searchable table gets a tsvector column that PostgreSQL computes from the row itself (a stored generated
            // column), so every write, whoever makes it, is indexed at once, and a restore needs no rebuild. The columns
            // are left out of the EF model, like the FTS5 tables. The weights (A event title, B source title, C event
            // summary, D passage and source text) let ts_rank count a word in a title most, as bm25 does on SQLite.
            // Note for later migrations: PostgreSQL refuses to change the type of a column a generated column reads
            // (Title, Summary, Exact, Text): drop the search column first and add it back as below.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent;");
            migrationBuilder.Sql("CREATE TEXT SEARCH CONFIGURATION timeline_search (COPY = simple);");
            migrationBuilder.Sql("""
                ALTER TEXT SEARCH CONFIGURATION timeline_search
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
                """);

            migrationBuilder.Sql("""
                ALTER TABLE "Events" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('timeline_search', "Title"), 'A') || setweight(to_tsvector('timeline_search', "Summary"), 'C')) STORED;
                """);
            migrationBuilder.Sql("""
                ALTER TABLE "Excerpts" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('timeline_search', "Exact"), 'D')) STORED;
                """);
            migrationBuilder.Sql("""
                ALTER TABLE "Sources" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('timeline_search', "Title"), 'B') || setweight(to_tsvector('timeline_search', "Text"), 'D')) STORED;
                """);
            foreach (var table in new[] { "Events", "Excerpts", "Sources" })
            {
                migrationBuilder.Sql($"""CREATE INDEX "IX_{table}_SearchVector" ON "{table}" USING GIN ("SearchVector");""");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "Events", "Excerpts", "Sources" })
            {
                migrationBuilder.Sql($"""ALTER TABLE "{table}" DROP COLUMN IF EXISTS "SearchVector";""");
            }

            migrationBuilder.Sql("DROP TEXT SEARCH CONFIGURATION IF EXISTS timeline_search;");
        }
    }
}
