using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReaderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_TimelineId_LastDay_FirstDay",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_TimelineId_IsPublished_IsDeleted_LastDay_FirstDay",
                table: "Events",
                columns: new[] { "TimelineId", "IsPublished", "IsDeleted", "LastDay", "FirstDay" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_TimelineId_IsPublished_IsDeleted_LastDay_FirstDay",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_TimelineId_LastDay_FirstDay",
                table: "Events",
                columns: new[] { "TimelineId", "LastDay", "FirstDay" });
        }
    }
}
