using System.Globalization;

namespace Timeline.Web.Features.Generate;

/// <summary>
/// <c>dotnet run --project src/Timeline.Web -- generate [--events 10000] [--excerpts 30000] [--sources 500] [--slug synthetic-10k] [--seed 42]</c>:
/// writes a synthetic published timeline into the configured database, for benchmarks and manual tries. Never part of the seed.
/// </summary>
public static class GenerateCommand
{
    private const string Usage = "Usage: generate [--events 10000] [--excerpts 30000] [--sources 500] [--slug synthetic-10k] [--seed 42]";

    public static bool IsCommand(string[] args) => args is ["generate", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!TryParse(args, out var options, out var error))
        {
            await output.WriteLineAsync(error);
            await output.WriteLineAsync(Usage);
            return 2;
        }

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

    internal static bool TryParse(string[] args, out GenerateOptions options, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new GenerateOptions(10_000, 30_000, 500, GenerateOptions.DefaultSlug, 42);
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value.";
                return false;
            }

            var value = args[++i];
            var isNumber = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number);
            switch (name)
            {
                case "--slug":
                    options = options with { Slug = value };
                    break;
                case "--events" or "--excerpts" or "--sources" or "--seed" when !isNumber:
                    error = $"{name} takes a whole number, not '{value}'.";
                    return false;
                case "--events":
                    options = options with { Events = number };
                    break;
                case "--excerpts":
                    options = options with { Excerpts = number };
                    break;
                case "--sources":
                    options = options with { Sources = number };
                    break;
                case "--seed":
                    options = options with { Seed = number };
                    break;
                default:
                    error = $"Unknown option '{name}'.";
                    return false;
            }
        }

        error = options.Problem ?? "";
        return options.Problem is null;
    }
}
