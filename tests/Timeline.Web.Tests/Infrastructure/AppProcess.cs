using System.Diagnostics;

namespace Timeline.Web.Tests.Infrastructure;

/// <summary>What a run of the app's executable printed and how it ended.</summary>
public sealed record ProcessResult(int Exit, string Output, string Error)
{
    /// <summary>Everything it printed, standard output then standard error.</summary>
    public string All => Output + Error;
}

/// <summary>Runs the app's own executable as an operator does, in a child process, on a SQLite file of the test's.</summary>
public static class AppProcess
{
    public static Task<ProcessResult> RunAsync(string databasePath, string standardInput, params string[] args) =>
        RunAsync(new Dictionary<string, string> { ["ConnectionStrings__Timeline"] = $"Data Source={databasePath};Default Timeout=5" }, standardInput, args);

    /// <summary>Runs it with these environment variables as its settings.</summary>
    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string> settings, string standardInput, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        var app = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
