using System.Globalization;

namespace Timeline.Web.Features.Generate;

/// <summary>
/// <c>dotnet run --project src/Timeline.Web -- generate [--events 10000] [--excerpts 30000] [--sources 500] [--slug synthetic-10k] [--seed 42]</c>:
/// writes a synthetic published timeline into the configured database, for benchmarks and manual tries. Never part of the seed.
/// </summary>
public static class GenerateCommand
{
    /// <summary>Writes the timeline; the options were parsed and checked by <see cref="Commands.TimelineCommandLine"/>.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, GenerateOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var writer = ActivatorUtilities.CreateInstance<SyntheticTimelineWriter>(scope.ServiceProvider);
        var (report, problem) = await writer.WriteAsync(options);
        if (report is null)
        {
            await output.WriteLineAsync(problem);
            return 1;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Generated '{report.Slug}': {report.Events:N0} events, {report.Excerpts:N0} excerpts, {report.Sources:N0} sources in {report.Elapsed.TotalSeconds:F1} s. Read it at /t/{report.Slug}."));
        return 0;
    }
}
