using System.CommandLine;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Backup;
using Timeline.Web.Features.Generate;
using Timeline.Web.Features.Interop;

namespace Timeline.Web.Features.Commands;

/// <summary>
/// The app's command line (System.CommandLine): <c>users add</c>, <c>users set-password</c>, <c>generate</c>,
/// <c>backup</c> and <c>restore</c>, each with <c>--help</c>. Anything
/// that is not a host option (<c>--urls</c>, <c>--environment</c>…) is a command: an unknown command or option prints
/// the usage and exits 2 without touching the database or starting the server. Commands migrate the database (see
/// <see cref="CommandGuard"/>) but never seed it.
/// </summary>
public static class TimelineCommandLine
{
    private const int UsageError = 2;

    /// <summary>True when the arguments ask for a command (or for help) rather than for the web server.</summary>
    public static bool IsCommand(string[] args) =>
        args is [var first, ..] && (!first.StartsWith('-') || first is "--help" or "-h" or "-?" or "--version" || !IsHostArgument(first));

    /// <summary>The host's own options, read by the web host rather than by a command.</summary>
    private static readonly HashSet<string> HostOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "urls", "environment", "contentRoot", "applicationName", "webroot", "http_ports", "https_ports",
        "hostingStartupAssemblies", "hostingStartupExcludeAssemblies", "preventHostingStartup", "shutdownTimeoutSeconds",
        "detailedErrors", "allowedHosts",
    };

    /// <summary>The configuration sections the app reads, which may be given as <c>--Section:Key=value</c>.</summary>
    private static readonly HashSet<string> ConfigurationSections = new(StringComparer.OrdinalIgnoreCase)
    {
        "ConnectionStrings", "Database", "Site", "Embed", "RateLimits", "ForwardedHeaders", "Accounts", "Editor", "Redis",
        "Logging", "Kestrel", "ASPNETCORE",
    };

    /// <summary>
    /// "--urls http://…", "--environment=Production", "--Site:PublicOrigin=https://…": an option of the host or a setting
    /// of a section the app reads. Anything else that starts with a dash ("--colour") is a command-line mistake, answered
    /// with the usage instead of starting the server with a setting nothing reads.
    /// </summary>
    private static bool IsHostArgument(string argument)
    {
        var key = argument.TrimStart('-');
        var end = key.IndexOf('=', StringComparison.Ordinal);
        key = end >= 0 ? key[..end] : key;
        var section = key.Split([":", "__"], 2, StringSplitOptions.None)[0];
        return argument.StartsWith("--", StringComparison.Ordinal) && (HostOptions.Contains(key) || ConfigurationSections.Contains(section));
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        var root = Build(services, input, output, error, interactive);
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync();
            // The usage of the command that was understood, on standard error.
            var path = new List<string>();
            for (var command = parsed.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
            {
                if (command.Command is not RootCommand)
                {
                    path.Insert(0, command.Command.Name);
                }
            }

            await root.Parse([.. path, "--help"]).InvokeAsync(new InvocationConfiguration { Output = error, Error = error });
            return UsageError;
        }

        return await parsed.InvokeAsync(configuration);
    }

    private static RootCommand Build(IServiceProvider services, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        var root = new RootCommand("Timeline: with no command, serves the site (dotnet run --project src/Timeline.Web). Commands:");

        var email = new Argument<string>("email") { Description = "The account's email address, used to sign in." };
        var role = new Option<string>("--role") { Description = "editor (edits timelines, events and sources) or admin (also manages accounts).", DefaultValueFactory = _ => "editor" };
        role.AcceptOnlyFromAmong("editor", "admin");
        var name = new Option<string?>("--name") { Description = "The name shown in the editor and in the history (default: the email)." };
        var add = new Command("add", "Create an account. The password is read from standard input (one line) or prompted for without echo.") { email, role, name };
        add.SetAction((result, cancellationToken) => CommandGuard.RunAsync(services, error, () =>
            UsersCommand.AddAsync(services, result.GetValue(email)!, result.GetValue(role)!, result.GetValue(name), input, output, interactive)));
        var account = new Argument<string>("email") { Description = "The account's email address." };
        var mustChange = new Option<bool>("--must-change") { Description = "The editor chooses their own password at the next sign-in." };
        var setPassword = new Command("set-password", "Give an account a new password (read as for add), e.g. after a restore without secrets.") { account, mustChange };
        setPassword.SetAction((result, cancellationToken) => CommandGuard.RunAsync(services, error, () =>
            UsersCommand.SetPasswordAsync(services, result.GetValue(account)!, result.GetValue(mustChange), input, output, interactive)));
        var users = new Command("users", "Manage editor accounts from the shell.") { add, setPassword };
        root.Subcommands.Add(users);

        var events = new Option<int>("--events") { Description = "How many events.", DefaultValueFactory = _ => 10_000 };
        var excerpts = new Option<int>("--excerpts") { Description = "How many passages, shared among the events.", DefaultValueFactory = _ => 30_000 };
        var sources = new Option<int>("--sources") { Description = "How many sources the passages come from.", DefaultValueFactory = _ => 500 };
        var slug = new Option<string>("--slug") { Description = "The new timeline's slug.", DefaultValueFactory = _ => GenerateOptions.DefaultSlug };
        var seed = new Option<int>("--seed") { Description = "The random seed: the same seed writes the same timeline.", DefaultValueFactory = _ => 42 };
        var generate = new Command("generate", "Write a synthetic published timeline into the database, for benchmarks and tries (never part of the seed).")
        {
            events, excerpts, sources, slug, seed,
        };
        generate.SetAction(async (result, cancellationToken) =>
        {
            var options = new GenerateOptions(result.GetValue(events), result.GetValue(excerpts), result.GetValue(sources), result.GetValue(slug)!, result.GetValue(seed));
            if (options.Problem is { } problem)
            {
                await error.WriteLineAsync(problem);
                return UsageError;
            }

            return await CommandGuard.RunAsync(services, error, () => GenerateCommand.RunAsync(services, options, output));
        });
        root.Subcommands.Add(generate);
        AddInterop(root, services, output, error);
        BackupCommands.AddTo(root, services, output, error);
        return root;
    }

    /// <summary><c>import</c> and <c>export</c>: TimelineJS JSON and CSV in TimelineJS's template.</summary>
    private static void AddInterop(RootCommand root, IServiceProvider services, TextWriter output, TextWriter error)
    {
        static InteropFormat? FormatOf(string? name) => name switch
        {
            "timelinejs" or "json" => InteropFormat.TimelineJs,
            "csv" => InteropFormat.Csv,
            _ => null,
        };

        var file = new Argument<FileInfo>("file") { Description = "A TimelineJS JSON file, or a CSV with the columns of TimelineJS's spreadsheet template (and Source URL, Quote, Role for passages)." };
        var format = new Option<string?>("--format") { Description = "timelinejs or csv (default: from the file's name, else its content)." };
        format.AcceptOnlyFromAmong("timelinejs", "json", "csv");
        var title = new Option<string?>("--title") { Description = "The new timeline's title (default: the file's title slide, else the file's name)." };
        var slug = new Option<string?>("--slug") { Description = "The new timeline's slug (default: made from the title, numbered if taken)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file and say what it would create, without writing anything." };
        var import = new Command("import", "Import a TimelineJS file or CSV into a new draft timeline, in one transaction: all of it or nothing.") { file, format, title, slug, dryRun };
        import.SetAction((result, cancellationToken) => CommandGuard.RunAsync(services, error, () =>
            InteropCommands.ImportAsync(services, result.GetValue(file)!, FormatOf(result.GetValue(format)), result.GetValue(title), result.GetValue(slug), result.GetValue(dryRun), output, error)));
        root.Subcommands.Add(import);

        var timeline = new Argument<string>("slug") { Description = "The published timeline's slug, as in /t/SLUG." };
        var exportFormat = new Option<string>("--format") { Description = "timelinejs (TimelineJS3 JSON) or csv (TimelineJS's spreadsheet template).", DefaultValueFactory = _ => "timelinejs" };
        exportFormat.AcceptOnlyFromAmong("timelinejs", "json", "csv");
        var path = new Option<string?>("--output", "-o") { Description = "The file to write (default: standard output)." };
        var origin = new Option<string?>("--origin") { Description = "The site's public origin for the links in the file, as https://timeline.example/ (default: the configured Site:PublicOrigin)." };
        var export = new Command("export", "Write a published timeline as TimelineJS JSON or CSV.") { timeline, exportFormat, path, origin };
        export.SetAction((result, cancellationToken) => CommandGuard.RunAsync(services, error, () =>
            InteropCommands.ExportAsync(services, result.GetValue(timeline)!, FormatOf(result.GetValue(exportFormat)) ?? InteropFormat.TimelineJs, result.GetValue(path), result.GetValue(origin), output, error)));
        root.Subcommands.Add(export);
    }
}
