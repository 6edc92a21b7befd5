using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Timeline.Web.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL server for the whole test run: Debian's (tests/run installs it where missing), initialised into
/// a throwaway data directory, listening on 127.0.0.1 on a spare port, stopped and removed when the run ends. Each
/// test class takes a database of its own. PostgreSQL refuses to run as root, so as root (CI) the directory is given
/// to the postgres user and the server runs as it. A server that cannot start fails the tests that need it, with the
/// reason: nothing is skipped.
/// </summary>
public sealed class PostgresServer
{
    private const string User = "timeline";
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string bin;
    private readonly string dataDirectory;

    private PostgresServer(string bin, string dataDirectory, int port)
    {
        this.bin = bin;
        this.dataDirectory = dataDirectory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The run's server, started on first use.</summary>
    public static PostgresServer Instance => Shared.Value;

    /// <summary>A new empty database owned by the test user, and its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"t_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE \"{name}\"");
        return ConnectionString(name);
    }

    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database, Timeout = 30 }.ConnectionString;

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static PostgresServer Start()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: no initdb under /usr/lib/postgresql/*/bin nor on PATH. tests/run installs Debian's postgresql package; "
            + "or run: apt-get install -y postgresql");
        RemoveStopped();
        var root = Path.Combine(Path.GetTempPath(), "timeline-tests", $"pg-{Guid.NewGuid():N}");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(data);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", ["-R", "postgres:postgres", root], asPostgres: false);
        }

        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], asRoot);
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), ["start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(root, "server.log"),
                    "-o", $"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"], asRoot);
                var server = new PostgresServer(bin, data, port);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(root, asRoot);
                return server;
            }
            catch (InvalidOperationException ex)
            {
                // Another process may have taken the port between our look and the server's bind: try another.
                last = ex;
            }
        }

        var log = Path.Combine(root, "server.log");
        throw new InvalidOperationException(
            $"PostgreSQL would not start ({last?.Message}). Its log: {(File.Exists(log) ? File.ReadAllText(log) : "none")}", last);
    }

    private void Stop(string root, bool asRoot)
    {
        try
        {
            Run(Path.Combine(bin, "pg_ctl"), ["stop", "-D", dataDirectory, "-m", "immediate"], asRoot);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Removes the directories of earlier runs' servers that stopped but could not be removed as their run ended.</summary>
    private static void RemoveStopped()
    {
        var folder = Path.Combine(Path.GetTempPath(), "timeline-tests");
        foreach (var root in Directory.Exists(folder) ? Directory.GetDirectories(folder, "pg-*") : [])
        {
            if (!File.Exists(Path.Combine(root, "data", "postmaster.pid")))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static string? FindBin()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(d => File.Exists(Path.Combine(d, "initdb")));
        return versions.Concat(path).FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish in 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited {process.ExitCode}: {error.Result}{output.Result}");
        }
    }
}
