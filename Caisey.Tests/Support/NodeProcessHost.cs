using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Caisey.Testing;

namespace Caisey.Tests.Support;

/// <summary>
/// A real node process (<c>dotnet Caisey.Node.dll serve</c>) on 127.0.0.1 with its own data directory; it can be
/// killed with SIGKILL and started again on the same data and port.
/// </summary>
public sealed class NodeProcessHost : IAsyncDisposable
{
    public const string AdminPassword = "process-admin-password";

    private readonly string[] _sets;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private NodeProcessHost(string dataDir, int port, string[] sets)
    {
        DataDir = dataDir;
        Port = port;
        _sets = sets;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDir { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts a node and waits until <c>/readyz</c> answers 200.</summary>
    public static async Task<NodeProcessHost> StartAsync(params string[] sets)
    {
        var host = new NodeProcessHost(Directory.CreateTempSubdirectory("caisey-nodeproc-").FullName, FreePort.Next(), sets);
        try
        {
            await host.StartAgainAsync();
        }
        catch
        {
            await host.DisposeAsync(); // a node that never became ready must not outlive the test
            throw;
        }
        return host;
    }

    /// <summary>Starts the node process (again) on the same data directory and port.</summary>
    public async Task StartAgainAsync()
    {
        _process = NodeProcessLauncher.Start(TestBinaries.Node, BaseAddress, DataDir, AdminPassword, _sets, Append);
        await NodeProcessLauncher.WaitReadyAsync(_process, BaseAddress, TimeSpan.FromSeconds(60), () => Output);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public Task KillAsync() => NodeProcessLauncher.KillAsync(_process);

    /// <summary>SIGSTOP: the process freezes (its sockets stay open, its leases stop being renewed); <see cref="ThawAsync"/> resumes it.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        var pid = Pid ?? throw new InvalidOperationException($"the node on port {Port} is not running");
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -{signal} {pid} exited {kill.ExitCode}");
    }

    /// <summary>The bearer token of an admin session (what <see cref="LoginAsync"/> puts in its client).</summary>
    public async Task<string> AdminTokenAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = AdminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
    }

    public async Task<HttpClient> LoginAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString();
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private void Append(string line)
    {
        lock (_output)
            _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_process is { HasExited: false } process)
        {
            try
            {
                await ThawAsync(); // a frozen process dies of SIGKILL only once it runs again
            }
            catch (InvalidOperationException)
            {
            }
            await NodeProcessLauncher.KillAsync(process);
        }
        _process?.Dispose();
    }
}
