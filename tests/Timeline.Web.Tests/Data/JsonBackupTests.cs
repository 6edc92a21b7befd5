using System.Net;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Commands;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Data;

/// <summary>
/// A seeded app with data of every kind the app stores (an image with its renditions, revisions, a notice, former
/// slugs, an era, a deleted event, accounts with passwords, a sign-in, Identity's claims, logins and tokens, the
/// data-protection keys), backed up with and without secrets by the <c>backup</c> command and each restored into a new
/// database by the <c>restore</c> command run as an operator runs it. Built once for <see cref="JsonBackupTests"/>.
/// </summary>
public sealed class BackupRoundTrip : IAsyncLifetime
{
    public const string Password = "backup-pass-123";
    public const string Word = "quokkafication";
    public const string TimelineSlug = "backup-test-renamed";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "timeline-tests", $"backup-{Guid.NewGuid():N}");

    public TimelineAppFactory Source { get; } = new();
    public string AdminEmail { get; private set; } = "";
    public string EditorEmail { get; private set; } = "";
    public int ImageId { get; private set; }

    /// <summary>The backup files, without and with secrets.</summary>
    public string Plain => Path.Combine(folder, "plain.json");
    public string WithSecrets => Path.Combine(folder, "with-secrets.json");

    /// <summary>The new databases they were restored into.</summary>
    public string RestoredPlain => Path.Combine(folder, "restored-plain.db");
    public string RestoredWithSecrets => Path.Combine(folder, "restored-with-secrets.db");

    public string BackupOutput { get; private set; } = "";
    public ProcessResult PlainRestore { get; private set; } = null!;
    public ProcessResult SecretRestore { get; private set; } = null!;

    /// <summary>Every row of the source after the backups, and of each restored database right after its restore.</summary>
    public DatabaseRows SourceRows { get; private set; } = null!;
    public DatabaseRows PlainRows { get; private set; } = null!;
    public DatabaseRows SecretRows { get; private set; } = null!;

    public string AdminPasswordHash { get; private set; } = "";

    /// <summary>A new empty database file in this fixture's folder.</summary>
    public string NewDatabase() => Path.Combine(folder, $"{Guid.NewGuid():N}.db");

    public string NewFile(string name) => Path.Combine(folder, $"{Guid.NewGuid():N}-{name}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        await ArrangeAsync();

        using var output = new StringWriter();
        Assert.Equal(0, await TimelineCommandLine.RunAsync(Source.Services, ["backup", Plain], TextReader.Null, output, output, interactive: false));
        Assert.Equal(0, await TimelineCommandLine.RunAsync(Source.Services, ["backup", WithSecrets, "--include-secrets"], TextReader.Null, output, output, interactive: false));
        BackupOutput = output.ToString();
        SourceRows = DatabaseRows.Read(Source.DatabasePath);

        PlainRestore = await AppProcess.RunAsync(RestoredPlain, "", "restore", Plain);
        SecretRestore = await AppProcess.RunAsync(RestoredWithSecrets, "", "restore", WithSecrets);
        Assert.True(PlainRestore.Exit == 0, PlainRestore.All);
        Assert.True(SecretRestore.Exit == 0, SecretRestore.All);
        PlainRows = DatabaseRows.Read(RestoredPlain);
        SecretRows = DatabaseRows.Read(RestoredWithSecrets);
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private async Task ArrangeAsync()
    {
        AdminEmail = await Source.CreateUserAsync(Roles.Admin, Password);
        EditorEmail = await Source.CreateUserAsync(Roles.Editor, Password);
        // A sign-in: a session row, and the data-protection keys its cookie is sealed with.
        await Source.SignedInClientAsync(AdminEmail, Password);

        await using var scope = Source.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var admin = (await users.FindByEmailAsync(AdminEmail))!;
        AdminPasswordHash = admin.PasswordHash!;
        Assert.True((await users.AddClaimAsync(admin, new Claim("desk", "investigations"))).Succeeded);
        Assert.True((await users.AddLoginAsync(admin, new UserLoginInfo("TestProvider", "provider-key-1", "Test provider"))).Succeeded);
        Assert.True((await users.SetAuthenticationTokenAsync(admin, "TestProvider", "refresh_token", "token-that-is-a-secret")).Succeeded);
        Assert.True((await roles.AddClaimAsync((await roles.FindByNameAsync(Roles.Editor))!, new Claim("may", "edit"))).Succeeded);
        using (var said = new StringWriter())
        {
            // An entry in the accounts' history.
            var exit = await TimelineCommandLine.RunAsync(
                Source.Services, ["users", "set-password", EditorEmail, "--must-change"], new StringReader(Password + "\n"), said, said, interactive: false);
            Assert.True(exit == 0, said.ToString());
        }

        var who = new EditorIdentity(admin.Id, AdminEmail);
        // An editor's API token: a secret, backed up only when asked.
        Assert.True((await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(who, "newsroom CMS", 30)).Succeeded);
        var timelines = scope.ServiceProvider.GetRequiredService<TimelineEditor>();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var timelineId = Ok(await timelines.SaveAsync(new TimelineInput { Title = "Backup test", Slug = "backup-test", Description = "Kept *whole*.", IsPublished = true }, who));
        Ok(await timelines.SaveErasAsync(timelineId, [new EraInput { Name = "Before the archive", Start = "2024", End = "2025-03" }], who));
        var eventId = Ok(await events.SaveAsync(new EventInput
        {
            TimelineId = timelineId,
            Title = $"The {Word} of the archive",
            Slug = "archive",
            Summary = "Filed **in full**.",
            Start = "2025-04-15",
            Tags = ["Archives"],
            Actors = ["The Archivist"],
            IsPublished = true,
        }, who));
        var sourceId = 0;
        await Source.WithDbAsync(async db => sourceId = await db.Sources.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        Ok(await events.AttachAsync(eventId, sourceId, 0, 80, ExcerptRole.Supports, who));
        Ok(await events.SetMediaAsync(eventId, new MediaInput { Alt = "A box of files", Caption = "The archive", Credit = "Photo: Test" }, MediaTests.Png(1200, 800), who));
        Ok(await events.AddNoticeAsync(eventId, PublicChange.Correction, "An earlier version gave the wrong box.", who));
        var input = (await events.LoadAsync(eventId))!.Input;
        input.Slug = "the-archive";
        Ok(await events.SaveAsync(input, who));
        var timeline = (await timelines.LoadAsync(timelineId))!;
        timeline.Slug = TimelineSlug;
        Ok(await timelines.SaveAsync(timeline, who));
        var gone = Ok(await events.SaveAsync(new EventInput { TimelineId = timelineId, Title = "Thrown away", Slug = "thrown-away", Start = "2025" }, who));
        Ok(await events.DeleteAsync(gone, who));
        await Source.WithDbAsync(async db => ImageId = (await db.Events.SingleAsync(e => e.Id == eventId)).MediaImageId!.Value);
    }

    private static int Ok(SaveResult<int> result)
    {
        Assert.True(result.Succeeded, result.Problem ?? string.Join("; ", result.Errors.Values));
        return result.Value;
    }
}

/// <summary>
/// The <c>backup</c> and <c>restore</c> commands: everything as one JSON document, restored into an empty database
/// with every row and column as it was (secrets only when asked for), served and searched as before; refused, with
/// nothing written, into a database that holds anything or from a file that is not a whole, well-typed backup.
/// </summary>
public sealed class JsonBackupTests(BackupRoundTrip trip) : IClassFixture<BackupRoundTrip>
{
    private static readonly string[] SecretTables = ["DataProtectionKeys", "AspNetUserTokens", "ApiTokens"];
    private static readonly string[] SecretUserColumns = ["PasswordHash", "SecurityStamp"];
    private static readonly string[] SearchIndexes = ["SearchEvents", "SearchExcerpts", "SearchSources"];

    [Fact]
    public void A_restore_gives_back_every_table_row_by_row_and_column_by_column_and_secrets_only_when_asked()
    {
        // The model covers every table the database holds, and the test's data puts rows in each of them.
        Assert.Equal(DatabaseRows.StoredTables(trip.Source.DatabasePath).Order(), trip.SourceRows.Rows.Keys.Order());
        foreach (var (table, rows) in trip.SourceRows.Rows)
        {
            Assert.True(rows.Count > 0, $"The test's data has no row in {table}: add one, so that its columns are compared too.");
        }

        AssertSameRows(trip.SourceRows, trip.SecretRows, [], (_, _) => true);

        AssertSameRows(trip.SourceRows, trip.PlainRows, SecretTables, (table, column) => table != "AspNetUsers" || !SecretUserColumns.Contains(column));
        foreach (var table in SecretTables)
        {
            Assert.Empty(trip.PlainRows.Rows[table]);
        }

        var columns = trip.PlainRows.Columns["AspNetUsers"].ToList();
        var (hash, stamp) = (columns.IndexOf("PasswordHash"), columns.IndexOf("SecurityStamp"));
        foreach (var (before, after) in trip.SourceRows.Rows["AspNetUsers"].Zip(trip.PlainRows.Rows["AspNetUsers"]))
        {
            Assert.Equal("null", after[hash]);
            Assert.NotEqual("null", after[stamp]);
            Assert.NotEqual(before[stamp], after[stamp]);
        }

        var plain = File.ReadAllText(trip.Plain);
        Assert.DoesNotContain(trip.AdminPasswordHash, plain, StringComparison.Ordinal);
        Assert.DoesNotContain("token-that-is-a-secret", plain, StringComparison.Ordinal);
        Assert.Contains(trip.AdminPasswordHash, File.ReadAllText(trip.WithSecrets), StringComparison.Ordinal);
    }

    [Fact]
    public void The_backup_is_one_json_document_that_names_its_format_schema_and_whether_it_holds_secrets()
    {
        using var db = DatabaseRows.Open(trip.Source.DatabasePath);
        var latest = db.Database.GetMigrations().Last();
        using var plain = JsonDocument.Parse(File.ReadAllText(trip.Plain));
        var root = plain.RootElement;

        Assert.Equal("timeline-backup", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(latest, root.GetProperty("schema").GetString());
        Assert.True(root.GetProperty("createdAt").TryGetDateTimeOffset(out _));
        Assert.False(root.GetProperty("includesSecrets").GetBoolean());
        var timeline = root.GetProperty("tables").GetProperty("Timelines")[0];
        Assert.Equal(JsonValueKind.Number, timeline.GetProperty("Id").ValueKind);
        Assert.Equal(JsonValueKind.True, timeline.GetProperty("IsPublished").ValueKind);
        Assert.True(timeline.GetProperty("CreatedAt").TryGetDateTimeOffset(out _));
        Assert.True(Guid.TryParse(timeline.GetProperty("Version").GetString(), out _));
        var rendition = root.GetProperty("tables").GetProperty("MediaRenditions")[0];
        Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(rendition.GetProperty("Bytes").GetBytesFromBase64(), 8, 4));
        Assert.Contains(root.GetProperty("tables").GetProperty("EventExcerpts").EnumerateArray(), l => l.GetProperty("Role").GetString() == "Supports");
        // Principals come before the rows that point at them.
        var order = root.GetProperty("tables").EnumerateObject().Select(t => t.Name).ToList();
        Assert.True(order.IndexOf("Timelines") < order.IndexOf("Events") && order.IndexOf("Events") < order.IndexOf("EventExcerpts")
            && order.IndexOf("Excerpts") < order.IndexOf("EventExcerpts") && order.IndexOf("MediaImages") < order.IndexOf("Events"));
        Assert.DoesNotContain("DataProtectionKeys", order);
        Assert.Contains("It holds no password hash or key", trip.BackupOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_restored_database_serves_the_same_timelines_finds_their_words_and_takes_new_edits()
    {
        await using var restored = new TimelineAppFactory { DatabasePath = trip.RestoredWithSecrets, DeleteDatabaseOnDispose = false };
        var client = restored.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var slug in new[] { "north-korean-workers-in-russia", BackupRoundTrip.TimelineSlug })
        {
            var path = new Uri($"/api/timelines/{slug}", UriKind.Relative);
            Assert.Equal(await trip.Source.CreateClient().GetStringAsync(path), await client.GetStringAsync(path));
        }

        var search = await client.GetStringAsync(new Uri($"/search?q={BackupRoundTrip.Word}", UriKind.Relative));
        Assert.Contains($"/t/{BackupRoundTrip.TimelineSlug}/e/the-archive", search, StringComparison.Ordinal);
        Assert.Contains("Wildberries", await client.GetStringAsync(new Uri("/search?q=Wildberries", UriKind.Relative)), StringComparison.Ordinal);
        await restored.WithDbAsync(async db =>
        {
            foreach (var index in SearchIndexes)
            {
                // FTS5 compares the index with its content table and fails the statement when they differ.
#pragma warning disable EF1002
                await db.Database.ExecuteSqlRawAsync($"INSERT INTO \"{index}\"(\"{index}\", rank) VALUES ('integrity-check', 1);");
#pragma warning restore EF1002
            }
        });

        var image = await client.GetAsync(new Uri($"/media/{trip.ImageId}/480.webp", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        var moved = await client.GetAsync(new Uri("/t/backup-test", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);

        // New rows take ids after the restored ones.
        var lastId = 0;
        await restored.WithDbAsync(async db => lastId = await db.Events.IgnoreQueryFilters().MaxAsync(e => e.Id));
        await using var scope = restored.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<EventEditor>().SaveAsync(
            new EventInput { TimelineId = 1, Title = "After the restore", Slug = "after-the-restore", Start = "2026" }, new EditorIdentity(null, "editor@example.org"));
        Assert.True(saved.Succeeded, saved.Problem);
        Assert.Equal(lastId + 1, saved.Value);

        var signIn = await TimelineAppFactory.SignInAsync(restored.CreateClient(new() { AllowAutoRedirect = false }), trip.AdminEmail, BackupRoundTrip.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("Passwords and keys were restored", trip.SecretRestore.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accounts_restored_without_secrets_cannot_sign_in_until_they_are_given_a_password()
    {
        Assert.Contains($"cannot sign in yet: {string.Join(", ", new[] { trip.AdminEmail, trip.EditorEmail }.Order(StringComparer.Ordinal))}.", trip.PlainRestore.Output, StringComparison.Ordinal);
        Assert.Contains("users set-password EMAIL", trip.PlainRestore.Output, StringComparison.Ordinal);
        await using var restored = new TimelineAppFactory { DatabasePath = trip.RestoredPlain, DeleteDatabaseOnDispose = false };
        await using (var scope = restored.Services.CreateAsyncScope())
        {
            // The users page shows an admin which accounts still need one.
            var accounts = await scope.ServiceProvider.GetRequiredService<Timeline.Web.Features.Accounts.AccountAdmin>().ListAsync();
            Assert.All(accounts, a => Assert.False(a.HasPassword));
        }

        var refused = await TimelineAppFactory.SignInAsync(restored.CreateClient(new() { AllowAutoRedirect = false }), trip.AdminEmail, BackupRoundTrip.Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("do not match an editor account", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var output = new StringWriter();
        var exit = await TimelineCommandLine.RunAsync(
            restored.Services, ["users", "set-password", trip.AdminEmail], new StringReader("a-new-password-42\n"), output, output, interactive: false);
        Assert.True(exit == 0, output.ToString());
        var signIn = await TimelineAppFactory.SignInAsync(restored.CreateClient(new() { AllowAutoRedirect = false }), trip.AdminEmail, "a-new-password-42");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        output.GetStringBuilder().Clear();
        exit = await TimelineCommandLine.RunAsync(
            restored.Services, ["users", "set-password", "nobody@example.org"], new StringReader("a-new-password-42\n"), output, output, interactive: false);
        Assert.Equal(1, exit);
        Assert.Contains("There is no account for nobody@example.org", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restore_into_a_database_that_holds_anything_is_refused_and_changes_nothing()
    {
        await using var seeded = new TimelineAppFactory();
        await seeded.WithDbAsync(async db => Assert.True(await db.Timelines.AnyAsync()));
        var before = DatabaseRows.Read(seeded.DatabasePath);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await TimelineCommandLine.RunAsync(seeded.Services, ["restore", trip.WithSecrets], TextReader.Null, output, error, interactive: false);

        Assert.Equal(1, exit);
        Assert.Contains("The database is not empty: it holds rows in", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Timelines (", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
        AssertSameRows(before, DatabaseRows.Read(seeded.DatabasePath), [], (_, _) => true);
    }

    [Theory]
    [InlineData("truncated", "The file is not valid JSON (in table")]
    [InlineData("timelinejs", "The file is not a Timeline backup")]
    [InlineData("format", "The file is a \"timelinejs\" document, not a Timeline backup")]
    [InlineData("version", "version 2 of the format; this app reads version 1")]
    [InlineData("future-schema", "The backup was written at schema 20991231000000_Later, which this app does not know")]
    [InlineData("older-schema", "The backup was written at schema 20261125034951_Initial, older than this app's")]
    [InlineData("wrong-type", "Table Events, row 2, column Title: the value is the number 42, but this column holds text.")]
    [InlineData("unknown-role", "Table EventExcerpts, row 1, column Role: the value is the text \"Endorses\", which is not one of the values this column holds.")]
    [InlineData("missing-column", "Table Events, row 1 has no value for column Slug.")]
    [InlineData("extra-column", "Table Sources, row 1 has a column Colour that the table does not have.")]
    [InlineData("dangling-link", "Table EventExcerpts, row 1 was refused by the database")]
    [InlineData("unknown-table", "The backup holds a table Widgets that this database does not have.")]
    [InlineData("secret-without-flag", "The backup holds table DataProtectionKeys, which a backup without secrets does not.")]
    [InlineData("oversized", "more than the 2,147,483,648 a restore reads")]
    public async Task A_file_that_is_not_a_whole_well_typed_backup_is_refused_with_what_is_wrong_and_nothing_is_written(string flaw, string message)
    {
        var file = trip.NewFile(flaw + ".json");
        var target = trip.NewDatabase();
        WriteFlawed(file, flaw);

        var result = await AppProcess.RunAsync(target, "", "restore", file);

        Assert.True(result.Exit == 1, result.All);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was restored.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(|Exception:|Unhandled", result.All);
        if (flaw is "future-schema" or "older-schema")
        {
            // Both schemas are named: the backup's and the app's.
            using var db = DatabaseRows.Open(target);
            Assert.Contains(db.Database.GetMigrations().Last(), result.Error, StringComparison.Ordinal);
        }

        if (flaw == "oversized")
        {
            Assert.False(File.Exists(target), "An oversized file is refused before any database is opened.");
            return;
        }

        Assert.All(DatabaseRows.Read(target).Rows, table => Assert.True(table.Value.Count == 0, $"{table.Key} holds rows after a refused restore."));
    }

    [Theory]
    [InlineData(0, "backup", "--help")]
    [InlineData(0, "restore", "--help")]
    [InlineData(0, "users", "set-password", "--help")]
    [InlineData(2, "backup", "copy.json", "--colour", "blue")]
    [InlineData(2, "backup")]
    [InlineData(2, "restore")]
    [InlineData(2, "restore", "a.json", "b.json")]
    public async Task Backup_and_restore_print_their_usage_on_help_and_exit_2_on_a_bad_option_without_touching_the_database(int exit, params string[] args)
    {
        var target = trip.NewDatabase();

        var result = await AppProcess.RunAsync(target, "", args);

        Assert.True(result.Exit == exit, result.All);
        Assert.Contains("Usage:", result.All, StringComparison.Ordinal);
        if (exit == 0)
        {
            Assert.Contains($"{string.Join(' ', args[..^1])} <", result.Output, StringComparison.Ordinal);
        }

        if (args is ["backup", "--help"])
        {
            Assert.Contains("--include-secrets", result.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Now listening", result.All, StringComparison.Ordinal);
        Assert.False(File.Exists(target), "The database was opened.");
    }

    [Fact]
    public async Task A_backup_to_standard_output_is_the_document_alone_with_the_summary_on_standard_error()
    {
        var result = await AppProcess.RunAsync(trip.RestoredWithSecrets, "", "backup", "-");

        Assert.True(result.Exit == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        Assert.Equal("timeline-backup", document.RootElement.GetProperty("format").GetString());
        Assert.True(document.RootElement.GetProperty("tables").GetProperty("Events").GetArrayLength() >= trip.SourceRows.Rows["Events"].Count);
        Assert.Contains("to standard output", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_saved_by_an_editor_with_a_byte_order_mark_still_restores()
    {
        var file = trip.NewFile("with-bom.json");
        File.WriteAllText(file, File.ReadAllText(trip.Plain), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var target = trip.NewDatabase();

        var result = await AppProcess.RunAsync(target, "", "restore", file);

        Assert.True(result.Exit == 0, result.All);
        Assert.Equal(trip.PlainRows.Rows["Events"].Count, DatabaseRows.Read(target).Rows["Events"].Count);
    }

    private void WriteFlawed(string file, string flaw)
    {
        if (flaw == "oversized")
        {
            // Sparse: as large as the limit and a byte, without writing it.
            using var stream = File.Create(file);
            stream.SetLength(Limits.BackupBytes + 1);
            return;
        }

        var json = File.ReadAllText(trip.Plain);
        File.WriteAllText(file, flaw switch
        {
            "truncated" => json[..(json.Length / 2)],
            "timelinejs" => """{"title": {"text": {"headline": "A timeline"}}, "events": []}""",
            _ => Changed(json, flaw),
        });
    }

    private static string Changed(string json, string flaw)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var tables = root["tables"]!.AsObject();
        switch (flaw)
        {
            case "format":
                root["format"] = "timelinejs";
                break;
            case "version":
                root["version"] = 2;
                break;
            case "future-schema":
                root["schema"] = "20991231000000_Later";
                break;
            case "older-schema":
                root["schema"] = "20261125034951_Initial";
                break;
            case "wrong-type":
                tables["Events"]![1]!["Title"] = 42;
                break;
            case "unknown-role":
                tables["EventExcerpts"]![0]!["Role"] = "Endorses";
                break;
            case "missing-column":
                tables["Events"]![0]!.AsObject().Remove("Slug");
                break;
            case "extra-column":
                tables["Sources"]![0]!["Colour"] = "blue";
                break;
            case "dangling-link":
                tables["EventExcerpts"]![0]!["ExcerptId"] = 999_999;
                break;
            case "unknown-table":
                tables["Widgets"] = new JsonArray();
                break;
            case "secret-without-flag":
                tables["DataProtectionKeys"] = new JsonArray();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(flaw), flaw, null);
        }

        return root.ToJsonString();
    }

    /// <summary>
    /// Every table of <paramref name="expected"/> in <paramref name="actual"/>, row by row and column by column, but for
    /// the tables <paramref name="skipped"/> and the columns <paramref name="compared"/> leaves out.
    /// </summary>
    private static void AssertSameRows(DatabaseRows expected, DatabaseRows actual, string[] skipped, Func<string, string, bool> compared)
    {
        Assert.Equal(expected.Rows.Keys.Order(), actual.Rows.Keys.Order());
        foreach (var (table, rows) in expected.Rows.Where(t => !skipped.Contains(t.Key)))
        {
            var columns = expected.Columns[table];
            Assert.Equal(columns, actual.Columns[table]);
            var other = actual.Rows[table];
            Assert.True(rows.Count == other.Count, $"{table}: {rows.Count} rows before, {other.Count} after.");
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    if (compared(table, columns[c]))
                    {
                        Assert.True(rows[r][c] == other[r][c], $"{table}, row {r + 1}, column {columns[c]}: {Short(rows[r][c])} before, {Short(other[r][c])} after.");
                    }
                }
            }
        }
    }

    private static string Short(string value) => value.Length > 80 ? value[..80] + "…" : value;
}
