using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventSpans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FirstDay",
                table: "Events",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "LastDay",
                table: "Events",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Events_TimelineId_LastDay_FirstDay",
                table: "Events",
                columns: new[] { "TimelineId", "LastDay", "FirstDay" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_TimelineId_LastDay_FirstDay",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "FirstDay",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "LastDay",
                table: "Events");
        }
    }
}
