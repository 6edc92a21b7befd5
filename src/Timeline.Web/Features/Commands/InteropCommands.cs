using System.Globalization;
using System.Text;
using System.Text.Json;
using Timeline.Web.Features.Api;
using Timeline.Web.Features.Editing;
using Timeline.Web.Features.Interop;
using Timeline.Web.Features.Reading;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Commands;

/// <summary>
/// <c>import FILE</c> (a TimelineJS JSON file or a CSV in TimelineJS's template) into a new draft timeline, with
/// <c>--dry-run</c> to see what it would create; <c>export SLUG</c> writes a published timeline in either format.
/// </summary>
public static class InteropCommands
{
    /// <summary>Who imports from the shell, as the history names them.</summary>
    private static readonly EditorIdentity Shell = new(null, "command line");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> ImportAsync(IServiceProvider services, FileInfo file, InteropFormat? format, string? title, string? slug, bool dryRun, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            await error.WriteLineAsync($"There is no file “{file.Name}” there. Nothing was imported.");
            return 1;
        }

        if (file.Length > ImportLimits.Bytes)
        {
            await error.WriteLineAsync($"“{file.Name}” is {file.Length / 1024.0 / 1024.0:N1} MB; an import reads files up to {ImportLimits.Bytes / 1024 / 1024} MB. Nothing was imported.");
            return 1;
        }

        var bytes = await File.ReadAllBytesAsync(file.FullName);
        var chosen = format ?? ImportFile.FormatOf(file.Name) ?? ImportFile.Sniff(bytes);
        var plan = ImportFile.Read(bytes, chosen);
        await using var scope = services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<TimelineImporter>();
        var outcome = await importer.ImportAsync(plan, new ImportOptions(title, slug, Path.GetFileNameWithoutExtension(file.Name)), Shell, commit: !dryRun);
        if (!outcome.Succeeded)
        {
            await error.WriteLineAsync($"“{file.Name}” was not imported; nothing was changed:");
            foreach (var problem in outcome.Problems)
            {
                await error.WriteLineAsync($"  {problem}");
            }

            return 1;
        }

        var verb = dryRun ? "Would import" : "Imported";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{verb} “{outcome.Title}” as a draft timeline at /t/{outcome.Slug}: {outcome.Events.Count:N0} events, {outcome.Eras:N0} eras, {outcome.Passages:N0} passages attached."));
        foreach (var warning in outcome.Warnings)
        {
            await output.WriteLineAsync($"  Note: {warning}");
        }

        if (!dryRun)
        {
            await output.WriteLineAsync($"Review and publish it in the editor: /edit/timelines/{outcome.TimelineId}");
        }

        return 0;
    }

    public static async Task<int> ExportAsync(IServiceProvider services, string slug, InteropFormat format, string? path, string? origin, TextWriter output, TextWriter error)
    {
        Uri? requestBase = null;
        if (origin is not null && PublicOrigins.Parse(origin) is not { } parsed)
        {
            await error.WriteLineAsync($"“{origin}” is not an origin such as https://timeline.example/.");
            return 2;
        }
        else if (origin is not null)
        {
            requestBase = PublicOrigins.Parse(origin);
        }

        await using var scope = services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<TimelineReader>();
        var origins = scope.ServiceProvider.GetRequiredService<PublicOrigins>();
        var slice = await TimelineJsExport.WholeAsync(reader, slug, CancellationToken.None);
        if (slice is null)
        {
            await error.WriteLineAsync($"There is no published timeline with the slug “{slug}”. Only published timelines are exported.");
            return 1;
        }

        var baseUri = requestBase ?? origins.For(new Uri("http://localhost/"));
        var text = new StringWriter(CultureInfo.InvariantCulture);
        if (format == InteropFormat.Csv)
        {
            TimelineCsv.Write(slice, baseUri, text);
        }
        else
        {
            await text.WriteAsync(JsonSerializer.Serialize(TimelineJsExport.Build(slice, baseUri), Json));
        }

        if (path is null or "-")
        {
            await output.WriteAsync(text.ToString());
            return 0;
        }

        var encoding = format == InteropFormat.Csv ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: true) : new UTF8Encoding(false);
        await File.WriteAllTextAsync(path, text.ToString(), encoding);
        await error.WriteLineAsync($"Wrote “{slice.Timeline.Title}” ({slice.Timeline.Events.Count:N0} events) to {Path.GetFileName(path)}.");
        return 0;
    }
}
