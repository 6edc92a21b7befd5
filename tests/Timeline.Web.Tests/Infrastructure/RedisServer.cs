using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Timeline.Web.Tests.Infrastructure;

/// <summary>
/// A real Redis (Debian's redis-server, installed by tests/run) on 127.0.0.1 on a spare port, with no persistence,
/// stopped when disposed. When it cannot start, the test fails saying why: nothing is skipped.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly string[] Locations = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    private readonly Process process;
    private bool disposed;

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Port = port;
        Configuration = $"127.0.0.1:{port}";
    }

    /// <summary>The port it listens on, to start another on the same address (a restart).</summary>
    public int Port { get; }

    /// <summary>The connection string the app takes as Redis:Configuration.</summary>
    public string Configuration { get; }

    public static async Task<RedisServer> StartAsync(int? onPort = null)
    {
        var executable = Locations.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: tests/run installs Debian's redis-server package (apt-get install redis-server).");
        var port = onPort ?? FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            log.AppendLine(e.Data);
            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (started != ready.Task)
        {
            process.Kill();
            throw new InvalidOperationException($"redis-server did not start on port {port}: {log}");
        }

        return new RedisServer(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
