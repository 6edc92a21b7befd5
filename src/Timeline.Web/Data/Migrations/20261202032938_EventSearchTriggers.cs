using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventSearchTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Migration EventMedia rebuilt the Events table (SQLite adds a foreign key that way), which dropped the
            // triggers that keep the events' full-text index up to date: put them back and re-index.
            SearchTriggers.RecreateForEvents(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the triggers belong to migration Search.
        }
    }
}
